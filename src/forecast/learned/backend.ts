/**
 * The TensorFlow.js backend: WebAssembly by default (fast on small dense nets, no native module),
 * the plain JavaScript CPU backend as a fallback. Loaded on first use (importing TF.js and its
 * backends costs over a second), so importing src/forecast stays cheap for everyone else.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { CrowdflowError } from '../../contracts/index.ts';

export type TfBackend = 'wasm' | 'cpu';
export type Tf = typeof TF;

/** TF.js with `name` as its backend (set once per process or worker thread; idempotent). */
export async function loadTf(name: TfBackend = 'wasm'): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs-core');
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else await import('@tensorflow/tfjs-backend-cpu');
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new CrowdflowError('CF_ERR_CONFIG', `TensorFlow.js backend "${name}" failed to initialise (expected wasm or cpu)`);
  }
  await tf.ready();
  return tf;
}
