using System.CommandLine;
using CloudMask.Cli;
using CloudMask.Cli.Commands;

// The command list: each command lives in its own file under Commands/ and only parses
// arguments and calls into the libraries. Register new commands here, one line each.
var root = new RootCommand(
    "CloudMask: cloud, thin-cloud and cloud-shadow masks for Sentinel-2 and other multispectral imagery.");
root.Add(InfoCommand.Create());
root.Add(PredictCommand.Create());
root.Add(EvaluateCommand.CreateEvaluate());
root.Add(EvaluateCommand.CreateCompare());
root.Add(DemoCommand.Create());
root.Add(BenchCommand.Create());
root.Add(SimulateCommand.Create());
root.Add(TrainCommand.Create());
root.Add(LabelsCommand.Create());
root.Add(CalibrateCommand.Create());
root.Add(CoverCommand.Create());
root.Add(ImportanceCommand.Create());
root.Add(UncertaintyCheckCommand.Create());
root.Add(SelectCommand.Create());
root.Add(ActiveLearningCommand.Create());
root.Add(ServeCommand.Create());
root.Add(WorkerCommand.Create());
root.Add(SubmitCommand.Create());
root.Add(ViewCommand.Create());
root.Add(ExportOnnxCommand.Create());

return CommandRunner.Run(root, args);
