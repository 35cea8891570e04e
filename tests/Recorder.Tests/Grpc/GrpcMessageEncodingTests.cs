using SeccompRecorder.Grpc;
using Xunit;

namespace SeccompRecorder.Tests.Grpc;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("container \"x\" not found", "container \"x\" not found")] // printable ASCII stays as it is
    [InlineData("", "")]
    [InlineData("100%", "100%25")] // '%' itself is escaped
    [InlineData("a\nb\tc", "a%0Ab%09c")] // control characters
    [InlineData("\u007F", "%7F")] // DEL is outside 0x20-0x7E
    [InlineData("é", "%C3%A9")] // UTF-8 first, then each byte
    [InlineData("容器", "%E5%AE%B9%E5%99%A8")]
    [InlineData("🐳 up", "%F0%9F%90%B3 up")] // a surrogate pair is one 4-byte sequence
    [InlineData("~ !$&'()*+,-./:;<=>?@[\\]^_`{|}", "~ !$&'()*+,-./:;<=>?@[\\]^_`{|}")]
    public void Encode_GoldenStrings_MatchSpec(string message, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Encode(message));
    }

    [Theory]
    [InlineData("container \"x\" not found")]
    [InlineData("100% sure")]
    [InlineData("é 容器 🐳\r\n")]
    public void Decode_EncodedMessage_RoundTrips(string message)
    {
        Assert.Equal(message, GrpcMessageEncoding.Decode(GrpcMessageEncoding.Encode(message)));
    }

    [Theory]
    [InlineData("%C3%a9", "é")] // lower-case hex is accepted on the way in
    [InlineData("50%", "50%")] // malformed escapes are kept, never an error (spec: "MUST NOT error")
    [InlineData("%zz%4", "%zz%4")]
    [InlineData("%FF", "\uFFFD")] // not UTF-8: replacement character
    public void Decode_LenientInput_DoesNotThrow(string encoded, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Decode(encoded));
    }
}
