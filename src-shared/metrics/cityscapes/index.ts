export { CITYSCAPES_AVERAGE_INSTANCE_SIZE } from './average-instance-size';
export { CityscapesBenchmark } from './benchmark';
export { measureCityscapesFrame, type CityscapesFrame, type FrameImage, type FrameMeasurement, type FrameProblem, type FrameResult, type InstanceMeasurement } from './frame';
export { buildCityscapesLayout, MAX_INSTANCE_LABEL_ID, type CategoryLayout, type CityscapesLayout } from './layout';
export { scoreCityscapes, type CityscapesScores, type ScoresByName } from './scores';
