// Public entry of the reliability module: agreement statistics, the cluster bootstrap, and agreement on codings.
export * from './stats.js';
export * from './bootstrap.js';
export * from './units.js';
export * from './agreement.js';
export * from './format.js';
