// Minimal typings for the parts of saxon-js (SaxonJS 2.7, no bundled types) this folder uses.
declare module 'saxon-js' {
  interface TransformOptions {
    stylesheetInternal?: unknown;
    stylesheetFileName?: string;
    sourceText?: string;
    destination?: 'serialized' | 'document' | 'raw';
    outputProperties?: Record<string, unknown>;
  }
  interface TransformResult {
    principalResult: unknown;
  }
  const SaxonJS: { transform(options: TransformOptions, mode: 'sync'): TransformResult };
  export default SaxonJS;
}
