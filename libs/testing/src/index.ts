export * from './controllable-clock.js';
export * from './test-resources.js';
export * from './pdf-text.js';
