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
  function transform(options: TransformOptions, mode: 'sync'): TransformResult;
  const SaxonJS: { transform: typeof transform };
  export default SaxonJS;
}
