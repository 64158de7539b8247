// fastlb: the FastLb controller and its tools. See Cli for the commands.
return await FastLb.Host.Cli.RunAsync(args);
