using Warbler.Cli;

return await WarblerCli.RunAsync(args, CancellationToken.None);
