// Short passages from the seed documents that the report quotes, and the reflection prompts it draws on.
// Quotations are verbatim (see /work/shared/reference/standards-digest.md); the toolkit's own words are kept apart.

export interface SeedQuote {
  text: string;
  source: string;
}

const MEAD_MACNEIL = 'Mead & MacNeil, “Peer Support: What Makes it Unique?”';
const HANDBOOK = 'a peer support handbook, provider portion';

interface StandardQuote {
  /** Matched against the standard's id and label, lower-cased. */
  match: RegExp;
  quote: SeedQuote;
}

// Order matters: the first match wins ("mutual responsibility" before "mutuality").
const STANDARD_QUOTES: StandardQuote[] = [
  {
    match: /language/,
    quote: {
      text: 'If we avoid the code language of mental health we find that we are having very different conversations which then require a different type of response.',
      source: MEAD_MACNEIL,
    },
  },
  {
    match: /safety|risk/,
    quote: {
      text: 'For most people a sense of safety happens in the context of mutually responsible, trusting relationships. It happens when we don’t judge or make assumptions about each other.',
      source: MEAD_MACNEIL,
    },
  },
  {
    match: /responsib/,
    quote: {
      text: 'it is not our task to assess or evaluate each other but rather to say what we see (our perspective), what we feel, and what we need to build connection.',
      source: MEAD_MACNEIL,
    },
  },
  {
    match: /mutual|reciproc/,
    quote: {
      text: 'Mutual help in peer support (and obviously in community) implies both people taking on both roles with each other. It means sharing our vulnerabilities and our strengths and finding value in each other’s help.',
      source: MEAD_MACNEIL,
    },
  },
  {
    match: /critical|learning|renam/,
    quote: {
      text: 'Critical learning doesn’t assume a medical definition of the problem and opens us to exploring other ways of thinking about the experience rather than trying to deal with the ‘it.’',
      source: MEAD_MACNEIL,
    },
  },
  {
    match: /choice|self-determ|self determ|voluntar|agenda/,
    quote: {
      text: 'all of their training is to not push someone receiving services in any direction (either to comply with or reject treatment recommendations, etc.).',
      source: HANDBOOK,
    },
  },
  {
    match: /power|hierarch/,
    quote: {
      text: 'for every ‘privilege’ that someone working in a peer role has, that someone receiving supports does not, the barrier between them gets bigger',
      source: HANDBOOK,
    },
  },
  {
    match: /assess|medical/,
    quote: {
      text: 'Stepping into an ‘assessment’ role immediately pulls them out of that place.',
      source: HANDBOOK,
    },
  },
  {
    match: /difference/,
    quote: {
      text: 'constantly trying to deal with their perception of what’s wrong with them instead of what’s wrong with the situation',
      source: MEAD_MACNEIL,
    },
  },
];

/** A seed passage on why a standard matters, when one fits the standard's id or label. */
export function seedQuoteFor(standard: { id: string; label: string }): SeedQuote | undefined {
  const key = `${standard.id} ${standard.label}`.toLowerCase();
  return STANDARD_QUOTES.find((q) => q.match.test(key))?.quote;
}

/** Why team settings pull toward other language, for the context section. */
export const TEAM_LANGUAGE_QUOTE: SeedQuote = {
  text: 'in order to feel part of the team, we begin to talk about people in medical terms (sometimes even without the presence of the peer).',
  source: MEAD_MACNEIL,
};

/** Why structure, not the worker, is the first place to look. */
export const STRUCTURE_QUOTE: SeedQuote = {
  text: 'there may also be times where the peer provider simply is not allowed to challenge the medical description of the client’s experience',
  source: MEAD_MACNEIL,
};

export type ReflectionTopic = 'agenda' | 'assessing' | 'language' | 'risk' | 'both-ways' | 'activities' | 'environment' | 'naming' | 'documentation';

/**
 * Prompts adapted from the handbook's supervision and self-assessment material (digest §3.3–§3.5);
 * the last two come from the handbook's policy review questions and are quoted as written.
 */
export const REFLECTION_PROMPTS: Record<ReflectionTopic, string> = {
  agenda: 'In this conversation, whose agenda set the topic?',
  assessing: 'Where did you say what you saw, felt and needed, and where did you assess?',
  language: 'Did you use any code language, or talk about someone without them?',
  risk: 'When risk came up, did the conversation shift to risk assessment?',
  'both-ways': 'Did help flow both ways?',
  activities: 'Was anything you did “busy work”, “agenda” or “power imbalance”?',
  environment: 'Is the work environment making the job hard to do?',
  naming: 'When a word for someone’s experience came up, did you ask what it meant to them?',
  documentation: 'Is documentation recovery-oriented or deficit-based?',
};

/** Which prompt speaks to drift in a standard, by its id or label. */
export function reflectionTopicFor(standard: { id: string; label: string }): ReflectionTopic {
  const key = `${standard.id} ${standard.label}`.toLowerCase();
  if (/safety|risk/.test(key)) return 'risk';
  if (/language/.test(key)) return 'language';
  if (/responsib|assess/.test(key)) return 'assessing';
  if (/mutual|reciproc/.test(key)) return 'both-ways';
  if (/critical|learning|renam/.test(key)) return 'naming';
  if (/power|hierarch/.test(key)) return 'activities';
  return 'agenda';
}

export interface StructuralLink {
  /** How the fact is described, in the toolkit's voice. */
  pressure: string;
  quote: SeedQuote;
}

export const STRUCTURAL_LINKS = {
  supervision: {
    pressure: 'Peer workers here are not supervised by someone who has worked in a peer role.',
    quote: {
      text: 'it is imperative that peer workers receive at least the professional development component of supervision from a more experienced peer worker',
      source: HANDBOOK,
    },
  },
  caseloads: {
    pressure: 'Peer workers here carry caseloads: people are assigned to them.',
    quote: {
      text: 'Peer support workers should not have people assigned to them or carry a “case load.”',
      source: HANDBOOK,
    },
  },
  onlyPeerWorker: {
    pressure: 'A peer worker here is the only one on their team.',
    quote: {
      text: 'People who have worked in peer roles are better able to understand the tensions and potential isolation of working in a role where they may be one of the only people in that position',
      source: HANDBOOK,
    },
  },
  documentation: {
    pressure: 'Peer workers here are expected to write routine notes about the people they support.',
    quote: {
      text: 'note taking about people is generally discouraged in peer-to-peer relationships. Whereas, documentation is required for Medicaid billing.',
      source: HANDBOOK,
    },
  },
  medicaid: {
    pressure: 'The program bills Medicaid for peer support.',
    quote: {
      text: 'by the very nature of how Medicaid works, it requires proof of medical necessity of any support or services offered which would likely push a medical perspective on peer-to-peer connections.',
      source: HANDBOOK,
    },
  },
} satisfies Record<string, StructuralLink>;
