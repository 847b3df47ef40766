import { trainableParamCount } from './param-count';
import { ARCHITECTURES } from './registry';
import { ARCHS, type Arch } from './types';

export interface ArchitectureSummary {
  arch: Arch;
  trainableParams: number;
  description: string;
  defaultInput: [number, number];
}

/** The reference setting the parameter counts are quoted for (design.md §5). */
export const SUMMARY_IN_CHANNELS = 3;
export const SUMMARY_CLASSES = 19;

/**
 * Every architecture at its default width and input, for 3 input channels and 19 classes,
 * with its trainable parameter count. Builds each model once (seconds): call after initEngine.
 */
export function summarizeArchitectures(): ArchitectureSummary[] {
  return ARCHS.map((arch) => {
    const { description, defaultInput, build } = ARCHITECTURES[arch];
    const model = build({
      arch, inputHeight: defaultInput[0], inputWidth: defaultInput[1], inChannels: SUMMARY_IN_CHANNELS, numClasses: SUMMARY_CLASSES,
    });
    try {
      return { arch, trainableParams: trainableParamCount(model), description, defaultInput: [defaultInput[0], defaultInput[1]] };
    } finally {
      model.dispose();
    }
  });
}
