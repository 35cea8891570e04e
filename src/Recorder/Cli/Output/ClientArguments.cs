using System.CommandLine;

namespace SeccompRecorder.Cli.Output;

/// <summary>What the ID arguments of client commands share.</summary>
internal static class ClientArguments
{
    /// <summary>
    /// An option this command does not have would otherwise be taken as one more ID (the parser hands unknown "--x"
    /// tokens to an argument that takes many) and end as NOT_FOUND: make it the usage error it is.
    /// </summary>
    public static Argument<T> RejectingOptions<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-'))
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                    return;
                }
            }
        });
        return argument;
    }
}
