export { BulletinService } from './bulletin.service.js';
export { CaseNumbers, type CaseNumberSource } from './case-numbers.js';
export * from './export-formats.js';
export * from './figures.js';
export { FiguresRollup } from './figures-rollup.service.js';
export { ReportRollup1767000030400 } from './migrations/1767000030400-report-rollup.js';
export * from './reports.module.js';
export { ReportsService, type EfficiencyReport, type EfficiencyRow, type ViolationReport } from './reports.service.js';
export { FIGURE_SOURCES, FiguresSources, type FigureSource, type FigureSourceName } from './figures-sources.service.js';
