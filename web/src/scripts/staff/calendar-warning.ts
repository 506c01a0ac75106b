// The banner on every console page for administrators while this year's, or (from 1 November) next year's,
// holiday arrangement is missing: deadlines falling in that year cannot be counted until it is entered.
import { $, fill, h } from './dom';

export interface CalendarWarning {
  warning: string | null;
}

export function showCalendarWarning(status: CalendarWarning): void {
  const box = $('calendar-warning');
  box.hidden = !status.warning;
  const onCalendarPage = location.pathname.startsWith('/staff/calendar/');
  fill(box, status.warning ? h('p', null, status.warning, onCalendarPage ? null : [' ', h('a', { href: '/staff/calendar/' }, '去录入节假日安排')]) : null);
}
