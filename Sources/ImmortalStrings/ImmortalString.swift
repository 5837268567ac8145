// Compiled with -parse-stdlib: the one place Detour reaches the string-literal entry point.
import Swift

/// A `String` that points at `count` bytes of valid UTF-8 at `start` without copying them or
/// counting references, the way a string literal points into the binary. The caller promises that
/// the bytes never change or go away for the rest of the process, and that a NUL byte follows them
/// (C-string views of such a string read up to that NUL, as they do for literals).
@inline(__always)
public func immortalString(start: UnsafePointer<UInt8>, count: Int, isASCII: Bool) -> String {
    String(_builtinStringLiteral: UnsafeRawPointer(start)._rawValue, utf8CodeUnitCount: count._builtinWordValue,
           isASCII: isASCII._value)
}
