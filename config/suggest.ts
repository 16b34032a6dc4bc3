// "Did you mean ...?" for misspelled keys, regions and options. The edit
// distance comes from fastest-levenshtein; only the cut-off is ours.
import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo:
 * at most a third of the word's length in edits (at least one, at most three).
 * Case is ignored, so `ObjectLockDays` suggests `objectLockDays`.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
    let best: { candidate: string; edits: number } | undefined;
    for (const candidate of candidates) {
        const edits = distance(word.toLowerCase(), candidate.toLowerCase());
        if (edits <= limit && (best === undefined || edits < best.edits)) best = { candidate, edits };
    }
    return best?.candidate;
}

/** `; did you mean <x>?` when one is close, otherwise "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
    const match = closest(word, candidates);
    return match === undefined ? "" : `; did you mean ${match}?`;
}
