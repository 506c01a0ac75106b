import { Hono } from 'hono';
import { checkYearEntry, yearEntrySchema } from '../core/calendar-entry';
import { calendarStatus, type CalendarSource } from '../core/calendar-status';
import type { CalendarEntry } from '../core/holiday-arrangement';
import { CalendarEntryConflict, type CalendarStore } from '../core/ports';
import { DomainError } from '../core/report';
import { errorBody, jsonBody } from './errors';
import type { StaffEnv } from './staff';

// /api/staff/calendar, administrators only: the years the working-day calendar holds, a preview of a year's
// arrangement, and its entry. An entry never replaces another: a correction is a new entry with its reason,
// the latest for a year is in force, and the history keeps every one.

export interface CalendarDeps {
  store: CalendarStore;
  /** The staff API's cached calendar, told to re-read after an entry. */
  source: CalendarSource;
  /** After an entry: deadlines that could not be counted before are counted and stored again. */
  entered: (year: number) => Promise<void>;
  now: () => Date;
}

export function createCalendarApp(deps: CalendarDeps) {
  const app = new Hono<StaffEnv>();
  app.use('*', async (c, next) => {
    if (!c.get('user').admin) return c.json(errorBody('forbidden', '只有管理员可以查看和录入工作日历（节假日安排）'), 403);
    await next();
  });

  app.get('/', async (c) => c.json(calendarStatus(await deps.store.entries(), deps.now())));

  const check = async (body: unknown) => {
    const input = yearEntrySchema.parse(body);
    const entries = await deps.store.entries();
    return { input, entries, ...checkYearEntry(input, entries, deps.now()) };
  };

  app.post('/preview', async (c) => {
    const { input: _input, entries: _entries, ...preview } = await check(await jsonBody(c));
    return c.json({ valid: preview.problems.length === 0, ...preview });
  });

  app.post('/', async (c) => {
    const user = c.get('user');
    const { input, entries, arrangement, notice, problems } = await check(await jsonBody(c));
    const first = problems[0];
    if (first) throw new DomainError(400, 'invalid_calendar', first.message, first.field);
    const entry: CalendarEntry = {
      ...arrangement,
      notice,
      text: input.text,
      enteredAt: deps.now().toISOString(),
      enteredBy: user.name,
      enteredById: user.id,
      ...(input.reason ? { reason: input.reason } : {}),
    };
    try {
      await deps.store.add(entry);
    } catch (error) {
      if (error instanceof CalendarEntryConflict) throw new DomainError(409, 'conflict', `刚有人录入了 ${entry.year} 年的安排，请刷新页面查看后再录入`);
      throw error;
    }
    deps.source.forget();
    await deps.entered(entry.year);
    return c.json({ entry, status: calendarStatus([...entries, entry], deps.now()) }, 201);
  });

  return app;
}
