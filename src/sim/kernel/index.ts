/** The simulator's WebAssembly kernel: memory layout and loading (the step itself is in operational-model.ts). */
export { SimKernel, decodeBase64, type KernelExports } from './kernel.ts';
