import FuzzHarnesses

// libFuzzer entry point; libFuzzer supplies main(). Built only by Ops/fuzz.sh
// (GOVERND_FUZZ=1 swift build --sanitize=fuzzer --sanitize=address --product fuzz-request).
// The single source file is not named main.swift, so SwiftPM compiles it as a library file
// (-parse-as-library) and emits no main of its own.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzRequest(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
