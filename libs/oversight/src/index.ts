export { Oversight1767000005000 } from './migrations/1767000005000-oversight.js';
export * from './oversight.module.js';
export * from './violations.service.js';
export * from './window-watch.js';
