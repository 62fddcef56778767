// The single definition of the codebook format (zod); the JSON Schema for editors is generated from it.
import { z } from 'zod';
import { MODIFIER_NAMES, REQUIREMENTS, ROLES } from '../core/types.js';

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use kebab-case: lower-case letters, digits and single hyphens, e.g. "directive-advice"');

export const roleSchema = z.enum(ROLES as [string, ...string[]]);
export const modifierSchema = z.enum(MODIFIER_NAMES as [string, ...string[]]);


const text = z.string().trim().min(1, 'must not be empty');

const seedSource = z.strictObject({
  seed: z.string().regex(/^\d{3}$/, 'a seed prefix such as "002"'),
  section: text,
  quote: text.optional(),
});
const citationSource = z.strictObject({ citation: text });
export const sourceSchema = z.union([seedSource, citationSource]);

export const exampleSchema = z.strictObject({
  text,
  previous: text.optional(),
  'previous-role': roleSchema.optional(),
  role: roleSchema.optional(),
  evidence: text.optional(),
  source: z
    .string()
    .regex(
      /^(?:invented|seed:\d{3}(?::.+)?|external:.+)$/,
      'say where the example comes from: "invented", "seed:002:<section>" for verbatim seed text, or "external:<citation>"',
    ),
  why: text.optional(),
});

export const matcherSchema = z
  .strictObject({
    id: kebab,
    lexicon: z.array(text).min(1).optional(),
    pattern: text.optional(),
    regex: text.optional(),
    /** Learned from human codings by `peer-fidelity train` (models/classifier.json); the model file holds the weights. */
    classifier: z.literal(true).optional(),
    unless: z.array(text).optional(),
    /** A regular expression the previous turn's text must match (context, e.g. a plan question only after talk of suicide). */
    previous: text.optional(),
    requires: z.array(z.enum(REQUIREMENTS)).optional(),
    /** Match letter case exactly (e.g. to find capitalised names); regexes are case-insensitive by default. */
    'case-sensitive': z.boolean().optional(),
    weight: z.number().min(0).max(1).optional(),
    note: text.optional(),
  })
  .refine((m) => [m.lexicon, m.pattern, m.regex, m.classifier].filter((k) => k !== undefined).length === 1, {
    message: 'a matcher needs exactly one of `lexicon`, `pattern`, `regex` or `classifier: true`',
  });

export const codeSchema = z.strictObject({
  id: kebab,
  label: text,
  standard: kebab,
  polarity: z.enum(['meets', 'drifts']),
  roles: z.array(roleSchema).min(1).default(['supporter']),
  definition: text,
  'use-when': z.array(text).default([]),
  'do-not-use-when': z.array(text).default([]),
  sources: z.array(sourceSchema).min(1, 'cite at least one source (a seed section or an external citation)'),
  note: text.optional(),
  weight: z.number().positive().max(10).default(1),
  examples: z
    .strictObject({
      positive: z.array(exampleSchema).default([]),
      negative: z.array(exampleSchema).default([]),
    })
    .default({ positive: [], negative: [] }),
  matchers: z.array(matcherSchema).default([]),
  'ignore-when': z.array(modifierSchema).default([]),
  requires: z.array(z.enum(REQUIREMENTS)).default([]),
});

export const standardSchema = z.strictObject({
  id: kebab,
  label: text,
  definition: text,
  quote: text.optional(),
  sources: z.array(sourceSchema).optional(),
});

export const manifestSchema = z.strictObject({
  schema: z.literal(1),
  id: kebab,
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][\w.]+)?$/, 'a version such as 1.0.0'),
  title: text,
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/, 'a language tag such as "en"'),
  description: text.optional(),
  sources: z.array(z.strictObject({ id: text, citation: text })).optional(),
  standards: z.array(standardSchema).min(1),
  codes: z.array(kebab).min(1),
});

export type CodeDefinition = z.infer<typeof codeSchema>;
export type MatcherDefinition = z.infer<typeof matcherSchema>;
export type ExampleDefinition = z.infer<typeof exampleSchema>;
export type ManifestDefinition = z.infer<typeof manifestSchema>;
export type SourceDefinition = z.infer<typeof sourceSchema>;

/** JSON Schemas for editor completion, generated from the zod definitions above. */
export function codebookJsonSchemas(): { manifest: unknown; code: unknown } {
  return {
    manifest: z.toJSONSchema(manifestSchema, { io: 'input' }),
    code: z.toJSONSchema(codeSchema, { io: 'input' }),
  };
}

/** Every key the format knows, for "did you mean" suggestions on typos. */
export function knownKeys(): Set<string> {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const properties = record['properties'];
    if (properties && typeof properties === 'object') for (const key of Object.keys(properties)) keys.add(key);
    Object.values(record).forEach(visit);
  };
  const { manifest, code } = codebookJsonSchemas();
  visit(manifest);
  visit(code);
  return keys;
}
