// Type declarations for the natural submodules imported by deep path (natural's top level prints to stdout).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  const distance: { LevenshteinDistance(a: string, b: string): number };
  export default distance;
}
