using System.Text;

namespace SeccompRecorder.Tests.Agent;

/// <summary>Seeded mutations of a message: bit flips, structural bytes, truncation, insertion, deletion.</summary>
internal static class MessageMutator
{
    // Bytes that move a JSON parser between states, more often than random bytes would.
    private static readonly byte[] s_interesting = Encoding.UTF8.GetBytes("{}[]\":,\\/.-+0e9nultrfa \n\t");

    public static byte[] Mutate(Random random, IReadOnlyList<byte> seed)
    {
        List<byte> bytes = [.. seed];
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
}
