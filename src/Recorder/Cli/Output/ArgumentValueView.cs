namespace SeccompRecorder.Cli.Output;

/// <summary>One value of an argument: the daemon's text for it ("AF_INET", "0x5401"), the raw bits, the calls.</summary>
internal sealed record ArgumentValueView(string Text, ulong Value, ulong Count);
