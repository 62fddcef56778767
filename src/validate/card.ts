// The validation card: per-code agreement between the engine and people, as JSON the report reads to hide unreliable codes.
import { z } from 'zod';
import { PeerFidelityError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { round4, type Validation } from './compare.js';

export interface ValidationCardCode {
  /** Gold positives. */
  n: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
  /** kappa ≥ threshold.kappa: reports hide codes where this is false. */
  reliable: boolean;
}

export interface ValidationCard {
  codebook: {
    id: string;
    version: string;
    /** Training data hash of the classifier model the engine used, when the codebook had one. */
    classifier?: string;
  };
  created_by: string;
  gold: {
    description: string;
    /** Number of transcripts and of turns in the gold set. */
    transcripts: number;
    turns: number;
    /** Coder ids of the gold set (one: a person, or "consensus" for a settled consensus sheet). */
    coders: string[];
  };
  threshold: { kappa: number };
  /** Every code of the codebook, in codebook order. */
  codes: Record<string, ValidationCardCode>;
}

const share = z.number().min(0).max(1).nullable();
const cardSchema = z.object({
  codebook: z.object({ id: z.string().min(1), version: z.string().min(1), classifier: z.string().optional() }),
  created_by: z.string(),
  gold: z.object({
    description: z.string(),
    transcripts: z.number().int().nonnegative(),
    turns: z.number().int().nonnegative(),
    coders: z.array(z.string()),
  }),
  threshold: z.object({ kappa: z.number().min(-1).max(1) }),
  codes: z.record(
    z.string(),
    z.object({ n: z.number().int().nonnegative(), precision: share, recall: share, f1: share, kappa: z.number().min(-1).max(1).nullable(), reliable: z.boolean() }),
  ),
});

/** The card for a validation; deterministic (no dates), numbers rounded to four places. */
export function buildValidationCard(validation: Validation, description?: string): ValidationCard {
  const { gold } = validation;
  const card: ValidationCard = {
    codebook: {
      id: validation.codebook.id,
      version: validation.codebook.version,
      ...(validation.classifier ? { classifier: validation.classifier.dataHash } : {}),
    },
    created_by: `peer-fidelity ${VERSION}`,
    gold: {
      description: description ?? `${gold.turns} turns of ${gold.transcripts} transcript${gold.transcripts === 1 ? '' : 's'}, coded by people (gold coder: ${gold.coder})`,
      transcripts: gold.transcripts,
      turns: gold.turns,
      coders: [gold.coder],
    },
    threshold: { kappa: validation.threshold.kappa },
    codes: {},
  };
  for (const c of validation.codes) {
    card.codes[c.code] = { n: c.n, precision: round4(c.precision), recall: round4(c.recall), f1: round4(c.f1), kappa: c.kappa, reliable: c.reliable };
  }
  return card;
}

export function formatValidationCard(card: ValidationCard): string {
  return JSON.stringify(card, null, 2) + '\n';
}

/** Parses a validation card's JSON text; throws `validate/invalid-card` naming the file and each problem. */
export function readValidationCard(json: string, file: string): ValidationCard {
  const how = 'Write it with `peer-fidelity validate --card <file>`.';
  let data: unknown;
  try {
    data = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PeerFidelityError('validate/invalid-card', `${file} is not JSON (${(error as Error).message}). ${how}`, { location: { file } });
  }
  const parsed = cardSchema.safeParse(data);
  if (!parsed.success) {
    throw new PeerFidelityError('validate/invalid-card', `${file} is not a validation card. ${how}`, {
      location: { file },
      details: parsed.error.issues.slice(0, 20).map((i) => ({ file, message: `${i.path.join('.') || '(top level)'}: ${i.message}` })),
    });
  }
  const { codebook, ...rest } = parsed.data;
  return { codebook: { id: codebook.id, version: codebook.version, ...(codebook.classifier === undefined ? {} : { classifier: codebook.classifier }) }, ...rest };
}
