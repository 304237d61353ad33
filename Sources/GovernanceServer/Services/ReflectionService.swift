import GRPCCore
import GovernanceAPI
import SwiftProtobuf

/// The standard `grpc.reflection.v1.ServerReflection` service, so grpcurl and other generic
/// tools can list and describe the API without the `.proto` files.
///
/// Backed by the `FileDescriptorSet` that `Ops/generate-protos.sh` embeds next to the
/// generated code, so it always describes exactly the protos the server was built from.
public struct ReflectionService: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
    private let filesByName: [String: Google_Protobuf_FileDescriptorProto]
    private let fileBySymbol: [String: String]
    private let serviceNames: [String]

    /// - Parameter services: the fully qualified names of the services to list.
    public init(services: [String]) throws {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: governanceFileDescriptorSet)
        var filesByName: [String: Google_Protobuf_FileDescriptorProto] = [:]
        var fileBySymbol: [String: String] = [:]
        for file in set.file {
            filesByName[file.name] = file
            let prefix = file.package.isEmpty ? "" : file.package + "."
            func addMessage(_ message: Google_Protobuf_DescriptorProto, scope: String) {
                let name = scope + message.name
                fileBySymbol[name] = file.name
                for nested in message.nestedType { addMessage(nested, scope: name + ".") }
                for e in message.enumType { fileBySymbol[name + "." + e.name] = file.name }
            }
            for message in file.messageType { addMessage(message, scope: prefix) }
            for e in file.enumType { fileBySymbol[prefix + e.name] = file.name }
            for service in file.service {
                fileBySymbol[prefix + service.name] = file.name
                for method in service.method { fileBySymbol[prefix + service.name + "." + method.name] = file.name }
            }
        }
        self.filesByName = filesByName
        self.fileBySymbol = fileBySymbol
        self.serviceNames = services.sorted()
    }

    public func serverReflectionInfo(
        request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
        response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>,
        context: ServerContext
    ) async throws {
        for try await message in request {
            var reply = Grpc_Reflection_V1_ServerReflectionResponse()
            reply.validHost = message.host
            reply.originalRequest = message
            switch message.messageRequest {
            case .listServices:
                var list = Grpc_Reflection_V1_ListServiceResponse()
                list.service = serviceNames.map { name in
                    var service = Grpc_Reflection_V1_ServiceResponse()
                    service.name = name
                    return service
                }
                reply.listServicesResponse = list
            case .fileByFilename(let name):
                reply.messageResponse = filesResponse(startingAt: filesByName[name] == nil ? nil : name, missing: name)
            case .fileContainingSymbol(let symbol):
                reply.messageResponse = filesResponse(startingAt: fileBySymbol[symbol], missing: symbol)
            case .fileContainingExtension(let request):
                reply.messageResponse = .errorResponse(
                    Self.error(.notFound, "no extensions of \(request.containingType) are declared"))
            case .allExtensionNumbersOfType(let type):
                if fileBySymbol[type] != nil {
                    var numbers = Grpc_Reflection_V1_ExtensionNumberResponse()
                    numbers.baseTypeName = type
                    reply.allExtensionNumbersResponse = numbers
                } else {
                    reply.messageResponse = .errorResponse(Self.error(.notFound, "unknown type \(type)"))
                }
            case .none:
                reply.messageResponse = .errorResponse(Self.error(.invalidArgument, "empty reflection request"))
            }
            try await response.write(reply)
        }
    }

    /// The named file and, after it, every file it depends on (transitively).
    private func filesResponse(startingAt name: String?, missing: String)
        -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse
    {
        guard let name else { return .errorResponse(Self.error(.notFound, "\(missing) not found")) }
        var seen: Set<String> = []
        var order: [String] = []
        var queue = [name]
        while let next = queue.first {
            queue.removeFirst()
            guard !seen.contains(next), let file = filesByName[next] else { continue }
            seen.insert(next)
            order.append(next)
            queue.append(contentsOf: file.dependency)
        }
        var files = Grpc_Reflection_V1_FileDescriptorResponse()
        files.fileDescriptorProto = order.compactMap { try? filesByName[$0]?.serializedBytes() }
        return .fileDescriptorResponse(files)
    }

    private static func error(_ code: RPCError.Code, _ message: String) -> Grpc_Reflection_V1_ErrorResponse {
        var error = Grpc_Reflection_V1_ErrorResponse()
        error.errorCode = Int32(code.rawValue)
        error.errorMessage = message
        return error
    }
}
