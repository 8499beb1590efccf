// Types of architecture.config.js for the TypeScript that imports it (test/architecture.spec.ts).
export declare const ALLOWED: Record<string, string[]>;
export declare const FOUNDATION: string[];
export declare const LIBS: string[];
export declare const FEATURE_LIBS: string[];
export declare function levels(graph: Record<string, string[]>): Record<string, number>;
export declare function mermaid(graph: Record<string, string[]>): string;
export declare function importGraph(root: string): Record<string, string[]>;
export declare function longFiles(root: string, max?: number): Array<{ file: string; lines: number }>;
