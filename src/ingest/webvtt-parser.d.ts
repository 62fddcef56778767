// Type declarations for webvtt-parser, which ships none; only the parts the captions reader uses.
declare module 'webvtt-parser' {
  export interface VttNode {
    type: 'object' | 'text' | 'timestamp';
    name?: string;
    value?: string | number;
    classes?: string[];
    children?: VttNode[];
  }
  export interface VttCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: VttNode[] };
  }
  export interface VttError {
    message: string;
    line: number;
    col?: number;
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: VttCue[]; errors: VttError[] };
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
