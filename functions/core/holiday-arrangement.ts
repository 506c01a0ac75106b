import type { ShanghaiDate } from './deadlines';

// A year's holiday arrangement as the State Council's notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) gives
// it: a run of days off for each festival, and the weekend days worked in exchange (调休上班).

/** The festivals every yearly notice arranges, as the notices name them. */
export const FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type Festival = (typeof FESTIVALS)[number];

/** Days off from `from` to `to` (both included) for one festival, or two arranged together (国庆节、中秋节). */
export interface HolidayRange {
  festivals: Festival[];
  from: ShanghaiDate;
  to: ShanghaiDate;
}

/** A Saturday or Sunday worked in exchange for a weekday off, with the festival it belongs to where known. */
export interface MakeUpWorkday {
  date: ShanghaiDate;
  festivals: Festival[];
}

export interface YearArrangement {
  year: number;
  holidays: HolidayRange[];
  workdays: MakeUpWorkday[];
}

/** One administrator's entry of a year, as stored: every entry is kept, and the latest for a year is in force. */
export interface CalendarEntry extends YearArrangement {
  /** The notice's 文号, e.g. 国办发明电〔2024〕12号. */
  notice: string;
  /** What was typed or pasted, kept as entered. */
  text: string;
  enteredAt: string;
  enteredBy: string;
  enteredById: string;
  /** Why an entry replaces an earlier one for the same year (required then). */
  reason?: string;
}
