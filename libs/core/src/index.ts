export * from './clock.js';
export * from './domain-error.js';
export * from './limit.js';
export * from './personal-data.js';
export * from './roles.js';
export * from './iso-time.js';
export * from './query-code.js';
export * from './period.js';
