import { MODEL_DEFAULTS } from '../../../src-shared/runs/model-defaults';
import { ARCHS, BACKBONES, type Arch, type ModelConfig, type ResolvedModelConfig } from './types';

/** The base width of every reference architecture (U-Net's first level, ResNet's stem). */
export const REFERENCE_WIDTH = MODEL_DEFAULTS.width;

const DEEPLAB_ONLY = ['backbone', 'decoderConvs', 'outputStride'] as const;

export type ResolvedDeeplabConfig = ResolvedModelConfig & Required<Pick<ResolvedModelConfig, (typeof DEEPLAB_ONLY)[number]>>;

/** Validates a config for `arch`'s builder and fills in the defaults; throws one-line errors. */
export function resolveModelConfig(config: ModelConfig, arch: 'deeplabv3plus'): ResolvedDeeplabConfig;
export function resolveModelConfig(config: ModelConfig, arch: Arch): ResolvedModelConfig;
export function resolveModelConfig(config: ModelConfig, arch: Arch): ResolvedModelConfig {
  if (!(ARCHS as readonly string[]).includes(config.arch)) {
    throw new Error(`unknown architecture ${JSON.stringify(config.arch)} (choose from ${ARCHS.join(', ')})`);
  }
  if (config.arch !== arch) throw new Error(`${arch}: the builder got a config for ${config.arch}`);
  requirePositiveInteger(arch, 'inputHeight', config.inputHeight);
  requirePositiveInteger(arch, 'inputWidth', config.inputWidth);
  requirePositiveInteger(arch, 'numClasses', config.numClasses);
  const inChannels = config.inChannels ?? 3;
  requirePositiveInteger(arch, 'inChannels', inChannels);
  const width = config.width ?? REFERENCE_WIDTH;
  requirePositiveInteger(arch, 'width', width);
  if (config.seed !== undefined && !Number.isSafeInteger(config.seed)) throw new Error(`${arch}: seed must be an integer, got ${config.seed}`);
  const resolved: ResolvedModelConfig = {
    arch,
    inputHeight: config.inputHeight,
    inputWidth: config.inputWidth,
    inChannels,
    numClasses: config.numClasses,
    width,
    dropout: config.dropout ?? (arch === 'deeplabv3plus' ? MODEL_DEFAULTS.deeplab.dropout : MODEL_DEFAULTS.otherDropout),
    ...(config.seed === undefined ? {} : { seed: config.seed }),
  };
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) {
    throw new Error(`${arch}: dropout must be in [0, 1), got ${config.dropout}`);
  }
  if (arch !== 'deeplabv3plus') {
    const misplaced = DEEPLAB_ONLY.find((option) => config[option] !== undefined);
    if (misplaced !== undefined) throw new Error(`${arch}: ${misplaced} applies only to deeplabv3plus`);
    return resolved;
  }
  return { ...resolved, ...resolveDeeplabOptions(config) };
}

function resolveDeeplabOptions(config: ModelConfig): Required<Pick<ResolvedModelConfig, (typeof DEEPLAB_ONLY)[number]>> {
  const backbone = config.backbone ?? MODEL_DEFAULTS.deeplab.backbone;
  if (!BACKBONES.includes(backbone)) {
    throw new Error(`deeplabv3plus: unknown backbone ${JSON.stringify(backbone)} (choose from ${BACKBONES.join(', ')})`);
  }
  const decoderConvs = config.decoderConvs ?? MODEL_DEFAULTS.deeplab.decoderConvs;
  if (decoderConvs !== 1 && decoderConvs !== 2) throw new Error(`deeplabv3plus: decoderConvs must be 1 or 2, got ${decoderConvs}`);
  const outputStride = config.outputStride ?? MODEL_DEFAULTS.deeplab.outputStride;
  if (outputStride !== 16 && outputStride !== 8) throw new Error(`deeplabv3plus: outputStride must be 16 or 8, got ${outputStride}`);
  return { backbone, decoderConvs, outputStride };
}

/** Throws unless both input sides are multiples of `divisor`; `reason` says which layers need it. */
export function requireInputMultipleOf(config: ResolvedModelConfig, divisor: number, reason: string): void {
  if (config.inputHeight % divisor !== 0 || config.inputWidth % divisor !== 0) {
    throw new Error(
      `${config.arch}: input height and width must be multiples of ${divisor} (${reason}), ` +
        `got ${config.inputHeight}x${config.inputWidth}`,
    );
  }
}

function requirePositiveInteger(arch: Arch, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${arch}: ${name} must be a positive integer, got ${value}`);
}
