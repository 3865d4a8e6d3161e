// A module-resolution hook tape-outbox-ts registers before it imports `--load`ed files: the
// bare specifier 'tape-ts' resolves to this very package, so a connector file in any folder
// can `import { CONNECTORS } from 'tape-ts'` without a node_modules of its own, and registers
// into the registry the running dispatcher reads (a second copy of the package would have a
// registry, and error classes, of its own).

const SELF = new URL('./index.js', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'tape-ts') return { url: SELF, shortCircuit: true };
  return nextResolve(specifier, context);
}
