using System.Globalization;
using System.Text;
using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// Seeded random mutations of what runc and crun send (init and exec): the parser returns false or a state within its
/// bounds, and never throws.
/// A failure prints the seed and the input; SECCOMP_RECORDER_FUZZ_SEED replays or explores another seed.
/// </summary>
public sealed class ContainerProcessStateParserFuzzTests
{
    private const int Iterations = 20_000;

    [Fact]
    public void TryParse_RandomMutationsOfRuntimeMessages_FalseOrBoundedStateNeverThrows()
    {
        int seed = FuzzSeed.Get(20251122);
        Random random = new(seed);
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = MessageMutator.Mutate(random, RuntimeMessages.Seeds[random.Next(RuntimeMessages.Seeds.Count)]);
            try
            {
                if (ContainerProcessStateParser.TryParse(input, out ContainerProcessState? state, out string error))
                {
                    accepted++;
                    Assert.True(state is not null && error.Length == 0, Describe(seed, i, input, "true without a state or with an error"));
                    AssertBounded(state, seed, i, input);
                }
                else
                {
                    Assert.True(state is null && error.Length > 0, Describe(seed, i, input, "false with a state or without an error"));
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail(Describe(seed, i, input, $"threw {e}"));
            }
        }

        // Mutations that hit an unknown field's value still parse: the corpus is not all rejections.
        Assert.InRange(accepted, 1, Iterations - 1);
    }

    private static void AssertBounded(ContainerProcessState state, int seed, int iteration, byte[] input)
    {
        string id = state.State.Id;
        bool ok = id.Length is > 0 and <= ContainerProcessStateParser.MaxIdLength && !id.Any(char.IsControl) && !id.Contains('/')
            && state.Pid >= 0 && state.State.Pid >= 0 && (state.State.IsExec || state.Pid > 0)
            && state.State.Annotations.Keys.All(k => k.Length is > 0 and <= ContainerProcessStateParser.MaxAnnotationKeyLength);
        Assert.True(ok, Describe(seed, iteration, input, "accepted a state outside the bounds"));
    }

    private static string Describe(int seed, int iteration, byte[] input, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"seed {seed} (SECCOMP_RECORDER_FUZZ_SEED), iteration {iteration}: {what}; input base64 {Convert.ToBase64String(input)}");
}
