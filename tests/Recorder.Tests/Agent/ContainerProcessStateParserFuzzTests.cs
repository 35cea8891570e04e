using System.Globalization;
using System.Text;
using SeccompRecorder.Agent;
using Xunit;

namespace SeccompRecorder.Tests.Agent;

/// <summary>
/// Seeded random mutations of runc's message: the parser returns false or a state within its bounds, and never throws.
/// A failure prints the seed and the input; SECCOMP_RECORDER_FUZZ_SEED replays or explores another seed.
/// </summary>
public sealed class ContainerProcessStateParserFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly byte[] s_valid = Encoding.UTF8.GetBytes(
        """{"ociVersion":"1.0.2-dev","fds":["seccompFd"],"pid":3954,"metadata":"policy=log","state":{"ociVersion":"1.0.2-dev","id":"feas1","status":"creating","pid":3954,"bundle":"/tmp/feas/bundle","annotations":{"io.kubernetes.cri-o.seccompNotifierAction":"stop"}}}""");

    // Bytes that move a JSON parser between states, more often than random bytes would.
    private static readonly byte[] s_interesting = Encoding.UTF8.GetBytes("{}[]\":,\\/.-+0e9nultrfa \n\t");

    [Fact]
    public void TryParse_RandomMutationsOfRuncMessage_FalseOrBoundedStateNeverThrows()
    {
        int seed = FuzzSeed.Get(20251122);
        Random random = new(seed);
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random);
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
            && state.Pid > 0 && state.State.Pid >= 0
            && state.State.Annotations.Keys.All(k => k.Length is > 0 and <= ContainerProcessStateParser.MaxAnnotationKeyLength);
        Assert.True(ok, Describe(seed, iteration, input, "accepted a state outside the bounds"));
    }

    private static byte[] Mutate(Random random)
    {
        List<byte> bytes = [.. s_valid];
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));                     // bit flip
                    break;
                case 1:
                    bytes[at] = s_interesting[random.Next(s_interesting.Length)];  // structural byte
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);                       // truncation
                    break;
                case 3:
                    bytes.InsertRange(at, RandomBytes(random, random.Next(1, 16)));  // insertion
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));  // deletion
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++)
        {
            bytes[i] = random.Next(2) == 0 ? s_interesting[random.Next(s_interesting.Length)] : (byte)random.Next(256);
        }

        return bytes;
    }

    private static string Describe(int seed, int iteration, byte[] input, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"seed {seed} (SECCOMP_RECORDER_FUZZ_SEED), iteration {iteration}: {what}; input base64 {Convert.ToBase64String(input)}");
}
