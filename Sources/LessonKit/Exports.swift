// A lesson imports LessonKit and gets the whole library.
@_exported import Autograd
@_exported import Datasets
@_exported import NN
@_exported import Plot
@_exported import PlotCairo
@_exported import Report
@_exported import Continual
