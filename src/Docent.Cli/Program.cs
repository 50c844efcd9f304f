using Docent.Cli;

return await DocentCommandLine.InvokeAsync(args);
