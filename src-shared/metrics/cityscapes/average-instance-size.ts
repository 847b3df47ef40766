/**
 * The average instance size (pixels) per class that the official `evalPixelLevelSemanticLabeling`
 * weights iIoU with: fixed constants in the script, not measured from the data being evaluated,
 * so scores on different subsets stay comparable.
 */
export const CITYSCAPES_AVERAGE_INSTANCE_SIZE: Readonly<Record<string, number>> = Object.freeze({
  bicycle: 4672.3249222261,
  caravan: 36771.8241758242,
  motorcycle: 6298.7200839748,
  rider: 3930.4788056518,
  bus: 35732.1511111111,
  train: 67583.7075812274,
  car: 12794.0202738185,
  person: 3462.4756337644,
  truck: 27855.1264367816,
  trailer: 16926.9763313609,
});
