// The lesson support (LessonCore, LessonsPart1, LessonsPart2) sees the engine, the data and the
// plots through this one import, as a lesson sees everything through `import LessonKit`.
@_exported import Autograd
@_exported import Datasets
@_exported import NN
@_exported import Plot
@_exported import PlotCairo
@_exported import Report
@_exported import Continual
