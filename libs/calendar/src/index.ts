export * from './calendar.module.js';
export {
  CalendarService,
  type CalendarChange,
  type CalendarChangeListener,
  type CalendarYearView,
  type ClosureView,
} from './calendar.service.js';
export { Calendar1767000002000 } from './migrations/1767000002000-calendar.js';
export { UnitClosures1767000032600 } from './migrations/1767000032600-unit-closures.js';
export { officialSchedule, OFFICIAL_SCHEDULE_YEARS } from './official-schedule.js';
export * from './working-calendar.js';
export { provisionalSchedule, statutoryDaysOff, STATUTORY_RULE_FROM_YEAR, FESTIVALS, type Festival, type StatutoryDayOff } from './statutory-holidays.js';
