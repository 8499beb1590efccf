export * from './calendar.module.js';
export { CalendarService, type CalendarYearView } from './calendar.service.js';
export { Calendar1767000002000 } from './migrations/1767000002000-calendar.js';
export { officialSchedule, OFFICIAL_SCHEDULE_YEARS } from './official-schedule.js';
export * from './working-calendar.js';
