// Every candidate, in report order: plainnet's reference path on its backends (the typed-array
// reference first), plainnet's fused engine, the peers, then the libm pairs.
import { brainCandidate } from "./brain.ts";
import type { Candidate } from "./candidate.ts";
import { fusedCandidates } from "./fused.ts";
import { libmCandidates } from "./libm.ts";
import { networkCandidates } from "./network.ts";
import { numpyCandidate } from "./numpy.ts";
import { plainnetCandidates } from "./plainnet.ts";
import { sklearnCandidate } from "./sklearn.ts";
import { tfjsCpuCandidate, tfjsWasmCandidate } from "./tfjs.ts";

const PEERS: readonly Candidate[] = [
  tfjsCpuCandidate,
  tfjsWasmCandidate,
  brainCandidate,
  numpyCandidate,
  sklearnCandidate,
  ...libmCandidates,
];

/**
 * All candidates. plainnet's list depends on what @plainnet/core exports, hence async.
 *
 * @example
 * ```ts
 * (await allCandidates())[0].id; // "plainnet-typed-array"
 * ```
 */
export async function allCandidates(): Promise<Candidate[]> {
  return [...(await plainnetCandidates()), ...fusedCandidates(), ...networkCandidates(), ...PEERS];
}

/**
 * The candidate with this id, loading no library that another candidate needs (a worker's
 * peak memory is then its candidate's own). Throws a RangeError for an unknown id.
 *
 * @example
 * ```ts
 * (await findCandidate("numpy")).label; // "NumPy (notebook code)"
 * ```
 */
export async function findCandidate(id: string): Promise<Candidate> {
  const found =
    PEERS.find((c) => c.id === id) ??
    fusedCandidates().find((c) => c.id === id) ??
    networkCandidates().find((c) => c.id === id) ??
    (id.startsWith("plainnet-")
      ? (await plainnetCandidates()).find((c) => c.id === id)
      : undefined);
  if (!found) throw new RangeError(`findCandidate: unknown candidate "${id}"`);
  return found;
}
