package dev.tape.proto;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: tape/v1/tape.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class TapeGrpc {

  private TapeGrpc() {}

  public static final String SERVICE_NAME = "tape.v1.Tape";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.BeginRunRequest,
      dev.tape.proto.BeginRunResponse> getBeginRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BeginRun",
      requestType = dev.tape.proto.BeginRunRequest.class,
      responseType = dev.tape.proto.BeginRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.BeginRunRequest,
      dev.tape.proto.BeginRunResponse> getBeginRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.BeginRunRequest, dev.tape.proto.BeginRunResponse> getBeginRunMethod;
    if ((getBeginRunMethod = TapeGrpc.getBeginRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getBeginRunMethod = TapeGrpc.getBeginRunMethod) == null) {
          TapeGrpc.getBeginRunMethod = getBeginRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.BeginRunRequest, dev.tape.proto.BeginRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BeginRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("BeginRun"))
              .build();
        }
      }
    }
    return getBeginRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ResumeRunRequest,
      dev.tape.proto.ResumeRunResponse> getResumeRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResumeRun",
      requestType = dev.tape.proto.ResumeRunRequest.class,
      responseType = dev.tape.proto.ResumeRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ResumeRunRequest,
      dev.tape.proto.ResumeRunResponse> getResumeRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ResumeRunRequest, dev.tape.proto.ResumeRunResponse> getResumeRunMethod;
    if ((getResumeRunMethod = TapeGrpc.getResumeRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getResumeRunMethod = TapeGrpc.getResumeRunMethod) == null) {
          TapeGrpc.getResumeRunMethod = getResumeRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ResumeRunRequest, dev.tape.proto.ResumeRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResumeRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResumeRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResumeRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ResumeRun"))
              .build();
        }
      }
    }
    return getResumeRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.EndRunRequest,
      dev.tape.proto.EndRunResponse> getEndRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "EndRun",
      requestType = dev.tape.proto.EndRunRequest.class,
      responseType = dev.tape.proto.EndRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.EndRunRequest,
      dev.tape.proto.EndRunResponse> getEndRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.EndRunRequest, dev.tape.proto.EndRunResponse> getEndRunMethod;
    if ((getEndRunMethod = TapeGrpc.getEndRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getEndRunMethod = TapeGrpc.getEndRunMethod) == null) {
          TapeGrpc.getEndRunMethod = getEndRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.EndRunRequest, dev.tape.proto.EndRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "EndRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EndRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EndRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("EndRun"))
              .build();
        }
      }
    }
    return getEndRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetRunRequest,
      dev.tape.proto.RunState> getGetRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRun",
      requestType = dev.tape.proto.GetRunRequest.class,
      responseType = dev.tape.proto.RunState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetRunRequest,
      dev.tape.proto.RunState> getGetRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetRunRequest, dev.tape.proto.RunState> getGetRunMethod;
    if ((getGetRunMethod = TapeGrpc.getGetRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetRunMethod = TapeGrpc.getGetRunMethod) == null) {
          TapeGrpc.getGetRunMethod = getGetRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetRunRequest, dev.tape.proto.RunState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetRun"))
              .build();
        }
      }
    }
    return getGetRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.StampRunVersionRequest,
      dev.tape.proto.RunState> getStampRunVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "StampRunVersion",
      requestType = dev.tape.proto.StampRunVersionRequest.class,
      responseType = dev.tape.proto.RunState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.StampRunVersionRequest,
      dev.tape.proto.RunState> getStampRunVersionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.StampRunVersionRequest, dev.tape.proto.RunState> getStampRunVersionMethod;
    if ((getStampRunVersionMethod = TapeGrpc.getStampRunVersionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getStampRunVersionMethod = TapeGrpc.getStampRunVersionMethod) == null) {
          TapeGrpc.getStampRunVersionMethod = getStampRunVersionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.StampRunVersionRequest, dev.tape.proto.RunState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "StampRunVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.StampRunVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("StampRunVersion"))
              .build();
        }
      }
    }
    return getStampRunVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.DivergeRunRequest,
      dev.tape.proto.RunState> getDivergeRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DivergeRun",
      requestType = dev.tape.proto.DivergeRunRequest.class,
      responseType = dev.tape.proto.RunState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.DivergeRunRequest,
      dev.tape.proto.RunState> getDivergeRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.DivergeRunRequest, dev.tape.proto.RunState> getDivergeRunMethod;
    if ((getDivergeRunMethod = TapeGrpc.getDivergeRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDivergeRunMethod = TapeGrpc.getDivergeRunMethod) == null) {
          TapeGrpc.getDivergeRunMethod = getDivergeRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.DivergeRunRequest, dev.tape.proto.RunState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DivergeRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DivergeRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DivergeRun"))
              .build();
        }
      }
    }
    return getDivergeRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ResolveDivergenceRequest,
      dev.tape.proto.RunState> getResolveDivergenceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResolveDivergence",
      requestType = dev.tape.proto.ResolveDivergenceRequest.class,
      responseType = dev.tape.proto.RunState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ResolveDivergenceRequest,
      dev.tape.proto.RunState> getResolveDivergenceMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ResolveDivergenceRequest, dev.tape.proto.RunState> getResolveDivergenceMethod;
    if ((getResolveDivergenceMethod = TapeGrpc.getResolveDivergenceMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getResolveDivergenceMethod = TapeGrpc.getResolveDivergenceMethod) == null) {
          TapeGrpc.getResolveDivergenceMethod = getResolveDivergenceMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ResolveDivergenceRequest, dev.tape.proto.RunState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResolveDivergence"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResolveDivergenceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ResolveDivergence"))
              .build();
        }
      }
    }
    return getResolveDivergenceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListRunsToRecoverRequest,
      dev.tape.proto.ListRunsToRecoverResponse> getListRunsToRecoverMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRunsToRecover",
      requestType = dev.tape.proto.ListRunsToRecoverRequest.class,
      responseType = dev.tape.proto.ListRunsToRecoverResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListRunsToRecoverRequest,
      dev.tape.proto.ListRunsToRecoverResponse> getListRunsToRecoverMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListRunsToRecoverRequest, dev.tape.proto.ListRunsToRecoverResponse> getListRunsToRecoverMethod;
    if ((getListRunsToRecoverMethod = TapeGrpc.getListRunsToRecoverMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListRunsToRecoverMethod = TapeGrpc.getListRunsToRecoverMethod) == null) {
          TapeGrpc.getListRunsToRecoverMethod = getListRunsToRecoverMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListRunsToRecoverRequest, dev.tape.proto.ListRunsToRecoverResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRunsToRecover"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsToRecoverRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsToRecoverResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListRunsToRecover"))
              .build();
        }
      }
    }
    return getListRunsToRecoverMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SubscribeRunRequest,
      dev.tape.proto.JournalEntry> getSubscribeRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubscribeRun",
      requestType = dev.tape.proto.SubscribeRunRequest.class,
      responseType = dev.tape.proto.JournalEntry.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SubscribeRunRequest,
      dev.tape.proto.JournalEntry> getSubscribeRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SubscribeRunRequest, dev.tape.proto.JournalEntry> getSubscribeRunMethod;
    if ((getSubscribeRunMethod = TapeGrpc.getSubscribeRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSubscribeRunMethod = TapeGrpc.getSubscribeRunMethod) == null) {
          TapeGrpc.getSubscribeRunMethod = getSubscribeRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SubscribeRunRequest, dev.tape.proto.JournalEntry>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubscribeRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SubscribeRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.JournalEntry.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SubscribeRun"))
              .build();
        }
      }
    }
    return getSubscribeRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListCompactableRunsRequest,
      dev.tape.proto.ListRunsResponse> getListCompactableRunsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListCompactableRuns",
      requestType = dev.tape.proto.ListCompactableRunsRequest.class,
      responseType = dev.tape.proto.ListRunsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListCompactableRunsRequest,
      dev.tape.proto.ListRunsResponse> getListCompactableRunsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListCompactableRunsRequest, dev.tape.proto.ListRunsResponse> getListCompactableRunsMethod;
    if ((getListCompactableRunsMethod = TapeGrpc.getListCompactableRunsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListCompactableRunsMethod = TapeGrpc.getListCompactableRunsMethod) == null) {
          TapeGrpc.getListCompactableRunsMethod = getListCompactableRunsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListCompactableRunsRequest, dev.tape.proto.ListRunsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListCompactableRuns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListCompactableRunsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListCompactableRuns"))
              .build();
        }
      }
    }
    return getListCompactableRunsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CompactRunRequest,
      dev.tape.proto.CompactRunResponse> getCompactRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompactRun",
      requestType = dev.tape.proto.CompactRunRequest.class,
      responseType = dev.tape.proto.CompactRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CompactRunRequest,
      dev.tape.proto.CompactRunResponse> getCompactRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CompactRunRequest, dev.tape.proto.CompactRunResponse> getCompactRunMethod;
    if ((getCompactRunMethod = TapeGrpc.getCompactRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCompactRunMethod = TapeGrpc.getCompactRunMethod) == null) {
          TapeGrpc.getCompactRunMethod = getCompactRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CompactRunRequest, dev.tape.proto.CompactRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompactRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompactRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompactRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CompactRun"))
              .build();
        }
      }
    }
    return getCompactRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RecordDecisionRequest,
      dev.tape.proto.DecisionRecord> getRecordDecisionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordDecision",
      requestType = dev.tape.proto.RecordDecisionRequest.class,
      responseType = dev.tape.proto.DecisionRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RecordDecisionRequest,
      dev.tape.proto.DecisionRecord> getRecordDecisionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RecordDecisionRequest, dev.tape.proto.DecisionRecord> getRecordDecisionMethod;
    if ((getRecordDecisionMethod = TapeGrpc.getRecordDecisionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRecordDecisionMethod = TapeGrpc.getRecordDecisionMethod) == null) {
          TapeGrpc.getRecordDecisionMethod = getRecordDecisionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RecordDecisionRequest, dev.tape.proto.DecisionRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordDecision"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RecordDecisionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DecisionRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RecordDecision"))
              .build();
        }
      }
    }
    return getRecordDecisionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetDecisionRequest,
      dev.tape.proto.GetDecisionResponse> getGetDecisionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetDecision",
      requestType = dev.tape.proto.GetDecisionRequest.class,
      responseType = dev.tape.proto.GetDecisionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetDecisionRequest,
      dev.tape.proto.GetDecisionResponse> getGetDecisionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetDecisionRequest, dev.tape.proto.GetDecisionResponse> getGetDecisionMethod;
    if ((getGetDecisionMethod = TapeGrpc.getGetDecisionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetDecisionMethod = TapeGrpc.getGetDecisionMethod) == null) {
          TapeGrpc.getGetDecisionMethod = getGetDecisionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetDecisionRequest, dev.tape.proto.GetDecisionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetDecision"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetDecisionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetDecisionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetDecision"))
              .build();
        }
      }
    }
    return getGetDecisionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.BeginEffectRequest,
      dev.tape.proto.BeginEffectResponse> getBeginEffectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BeginEffect",
      requestType = dev.tape.proto.BeginEffectRequest.class,
      responseType = dev.tape.proto.BeginEffectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.BeginEffectRequest,
      dev.tape.proto.BeginEffectResponse> getBeginEffectMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.BeginEffectRequest, dev.tape.proto.BeginEffectResponse> getBeginEffectMethod;
    if ((getBeginEffectMethod = TapeGrpc.getBeginEffectMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getBeginEffectMethod = TapeGrpc.getBeginEffectMethod) == null) {
          TapeGrpc.getBeginEffectMethod = getBeginEffectMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.BeginEffectRequest, dev.tape.proto.BeginEffectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BeginEffect"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginEffectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginEffectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("BeginEffect"))
              .build();
        }
      }
    }
    return getBeginEffectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CompleteEffectRequest,
      dev.tape.proto.EffectRecord> getCompleteEffectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompleteEffect",
      requestType = dev.tape.proto.CompleteEffectRequest.class,
      responseType = dev.tape.proto.EffectRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CompleteEffectRequest,
      dev.tape.proto.EffectRecord> getCompleteEffectMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CompleteEffectRequest, dev.tape.proto.EffectRecord> getCompleteEffectMethod;
    if ((getCompleteEffectMethod = TapeGrpc.getCompleteEffectMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCompleteEffectMethod = TapeGrpc.getCompleteEffectMethod) == null) {
          TapeGrpc.getCompleteEffectMethod = getCompleteEffectMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CompleteEffectRequest, dev.tape.proto.EffectRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompleteEffect"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompleteEffectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CompleteEffect"))
              .build();
        }
      }
    }
    return getCompleteEffectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetEffectRequest,
      dev.tape.proto.GetEffectResponse> getGetEffectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetEffect",
      requestType = dev.tape.proto.GetEffectRequest.class,
      responseType = dev.tape.proto.GetEffectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetEffectRequest,
      dev.tape.proto.GetEffectResponse> getGetEffectMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetEffectRequest, dev.tape.proto.GetEffectResponse> getGetEffectMethod;
    if ((getGetEffectMethod = TapeGrpc.getGetEffectMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetEffectMethod = TapeGrpc.getGetEffectMethod) == null) {
          TapeGrpc.getGetEffectMethod = getGetEffectMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetEffectRequest, dev.tape.proto.GetEffectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetEffect"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetEffectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetEffectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetEffect"))
              .build();
        }
      }
    }
    return getGetEffectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ReconcileEffectRequest,
      dev.tape.proto.EffectRecord> getReconcileEffectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReconcileEffect",
      requestType = dev.tape.proto.ReconcileEffectRequest.class,
      responseType = dev.tape.proto.EffectRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ReconcileEffectRequest,
      dev.tape.proto.EffectRecord> getReconcileEffectMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ReconcileEffectRequest, dev.tape.proto.EffectRecord> getReconcileEffectMethod;
    if ((getReconcileEffectMethod = TapeGrpc.getReconcileEffectMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getReconcileEffectMethod = TapeGrpc.getReconcileEffectMethod) == null) {
          TapeGrpc.getReconcileEffectMethod = getReconcileEffectMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ReconcileEffectRequest, dev.tape.proto.EffectRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReconcileEffect"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ReconcileEffectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ReconcileEffect"))
              .build();
        }
      }
    }
    return getReconcileEffectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListPendingEffectsRequest,
      dev.tape.proto.ListPendingEffectsResponse> getListPendingEffectsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPendingEffects",
      requestType = dev.tape.proto.ListPendingEffectsRequest.class,
      responseType = dev.tape.proto.ListPendingEffectsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListPendingEffectsRequest,
      dev.tape.proto.ListPendingEffectsResponse> getListPendingEffectsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListPendingEffectsRequest, dev.tape.proto.ListPendingEffectsResponse> getListPendingEffectsMethod;
    if ((getListPendingEffectsMethod = TapeGrpc.getListPendingEffectsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListPendingEffectsMethod = TapeGrpc.getListPendingEffectsMethod) == null) {
          TapeGrpc.getListPendingEffectsMethod = getListPendingEffectsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListPendingEffectsRequest, dev.tape.proto.ListPendingEffectsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPendingEffects"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListPendingEffectsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListPendingEffectsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListPendingEffects"))
              .build();
        }
      }
    }
    return getListPendingEffectsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListEffectsToDispatchRequest,
      dev.tape.proto.ListEffectsToDispatchResponse> getListEffectsToDispatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListEffectsToDispatch",
      requestType = dev.tape.proto.ListEffectsToDispatchRequest.class,
      responseType = dev.tape.proto.ListEffectsToDispatchResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListEffectsToDispatchRequest,
      dev.tape.proto.ListEffectsToDispatchResponse> getListEffectsToDispatchMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListEffectsToDispatchRequest, dev.tape.proto.ListEffectsToDispatchResponse> getListEffectsToDispatchMethod;
    if ((getListEffectsToDispatchMethod = TapeGrpc.getListEffectsToDispatchMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListEffectsToDispatchMethod = TapeGrpc.getListEffectsToDispatchMethod) == null) {
          TapeGrpc.getListEffectsToDispatchMethod = getListEffectsToDispatchMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListEffectsToDispatchRequest, dev.tape.proto.ListEffectsToDispatchResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListEffectsToDispatch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListEffectsToDispatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListEffectsToDispatchResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListEffectsToDispatch"))
              .build();
        }
      }
    }
    return getListEffectsToDispatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectDispatchRequest,
      dev.tape.proto.ClaimEffectDispatchResponse> getClaimEffectDispatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimEffectDispatch",
      requestType = dev.tape.proto.ClaimEffectDispatchRequest.class,
      responseType = dev.tape.proto.ClaimEffectDispatchResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectDispatchRequest,
      dev.tape.proto.ClaimEffectDispatchResponse> getClaimEffectDispatchMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectDispatchRequest, dev.tape.proto.ClaimEffectDispatchResponse> getClaimEffectDispatchMethod;
    if ((getClaimEffectDispatchMethod = TapeGrpc.getClaimEffectDispatchMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimEffectDispatchMethod = TapeGrpc.getClaimEffectDispatchMethod) == null) {
          TapeGrpc.getClaimEffectDispatchMethod = getClaimEffectDispatchMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimEffectDispatchRequest, dev.tape.proto.ClaimEffectDispatchResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimEffectDispatch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimEffectDispatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimEffectDispatchResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimEffectDispatch"))
              .build();
        }
      }
    }
    return getClaimEffectDispatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RecordDispatchAttemptRequest,
      dev.tape.proto.EffectRecord> getRecordDispatchAttemptMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordDispatchAttempt",
      requestType = dev.tape.proto.RecordDispatchAttemptRequest.class,
      responseType = dev.tape.proto.EffectRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RecordDispatchAttemptRequest,
      dev.tape.proto.EffectRecord> getRecordDispatchAttemptMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RecordDispatchAttemptRequest, dev.tape.proto.EffectRecord> getRecordDispatchAttemptMethod;
    if ((getRecordDispatchAttemptMethod = TapeGrpc.getRecordDispatchAttemptMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRecordDispatchAttemptMethod = TapeGrpc.getRecordDispatchAttemptMethod) == null) {
          TapeGrpc.getRecordDispatchAttemptMethod = getRecordDispatchAttemptMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RecordDispatchAttemptRequest, dev.tape.proto.EffectRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordDispatchAttempt"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RecordDispatchAttemptRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RecordDispatchAttempt"))
              .build();
        }
      }
    }
    return getRecordDispatchAttemptMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RecordExternalObservationRequest,
      dev.tape.proto.EffectRecord> getRecordExternalObservationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordExternalObservation",
      requestType = dev.tape.proto.RecordExternalObservationRequest.class,
      responseType = dev.tape.proto.EffectRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RecordExternalObservationRequest,
      dev.tape.proto.EffectRecord> getRecordExternalObservationMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RecordExternalObservationRequest, dev.tape.proto.EffectRecord> getRecordExternalObservationMethod;
    if ((getRecordExternalObservationMethod = TapeGrpc.getRecordExternalObservationMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRecordExternalObservationMethod = TapeGrpc.getRecordExternalObservationMethod) == null) {
          TapeGrpc.getRecordExternalObservationMethod = getRecordExternalObservationMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RecordExternalObservationRequest, dev.tape.proto.EffectRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordExternalObservation"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RecordExternalObservationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RecordExternalObservation"))
              .build();
        }
      }
    }
    return getRecordExternalObservationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RegisterCompensationRequest,
      dev.tape.proto.ObligationRecord> getRegisterCompensationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterCompensation",
      requestType = dev.tape.proto.RegisterCompensationRequest.class,
      responseType = dev.tape.proto.ObligationRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RegisterCompensationRequest,
      dev.tape.proto.ObligationRecord> getRegisterCompensationMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RegisterCompensationRequest, dev.tape.proto.ObligationRecord> getRegisterCompensationMethod;
    if ((getRegisterCompensationMethod = TapeGrpc.getRegisterCompensationMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRegisterCompensationMethod = TapeGrpc.getRegisterCompensationMethod) == null) {
          TapeGrpc.getRegisterCompensationMethod = getRegisterCompensationMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RegisterCompensationRequest, dev.tape.proto.ObligationRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterCompensation"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RegisterCompensationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ObligationRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RegisterCompensation"))
              .build();
        }
      }
    }
    return getRegisterCompensationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListObligationsRequest,
      dev.tape.proto.ListObligationsResponse> getListObligationsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListObligations",
      requestType = dev.tape.proto.ListObligationsRequest.class,
      responseType = dev.tape.proto.ListObligationsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListObligationsRequest,
      dev.tape.proto.ListObligationsResponse> getListObligationsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListObligationsRequest, dev.tape.proto.ListObligationsResponse> getListObligationsMethod;
    if ((getListObligationsMethod = TapeGrpc.getListObligationsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListObligationsMethod = TapeGrpc.getListObligationsMethod) == null) {
          TapeGrpc.getListObligationsMethod = getListObligationsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListObligationsRequest, dev.tape.proto.ListObligationsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListObligations"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListObligationsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListObligationsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListObligations"))
              .build();
        }
      }
    }
    return getListObligationsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ResolveObligationRequest,
      dev.tape.proto.ObligationRecord> getResolveObligationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResolveObligation",
      requestType = dev.tape.proto.ResolveObligationRequest.class,
      responseType = dev.tape.proto.ObligationRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ResolveObligationRequest,
      dev.tape.proto.ObligationRecord> getResolveObligationMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ResolveObligationRequest, dev.tape.proto.ObligationRecord> getResolveObligationMethod;
    if ((getResolveObligationMethod = TapeGrpc.getResolveObligationMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getResolveObligationMethod = TapeGrpc.getResolveObligationMethod) == null) {
          TapeGrpc.getResolveObligationMethod = getResolveObligationMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ResolveObligationRequest, dev.tape.proto.ObligationRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResolveObligation"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResolveObligationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ObligationRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ResolveObligation"))
              .build();
        }
      }
    }
    return getResolveObligationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListUnresolvedObligationsRequest,
      dev.tape.proto.ListUnresolvedObligationsResponse> getListUnresolvedObligationsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListUnresolvedObligations",
      requestType = dev.tape.proto.ListUnresolvedObligationsRequest.class,
      responseType = dev.tape.proto.ListUnresolvedObligationsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListUnresolvedObligationsRequest,
      dev.tape.proto.ListUnresolvedObligationsResponse> getListUnresolvedObligationsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListUnresolvedObligationsRequest, dev.tape.proto.ListUnresolvedObligationsResponse> getListUnresolvedObligationsMethod;
    if ((getListUnresolvedObligationsMethod = TapeGrpc.getListUnresolvedObligationsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListUnresolvedObligationsMethod = TapeGrpc.getListUnresolvedObligationsMethod) == null) {
          TapeGrpc.getListUnresolvedObligationsMethod = getListUnresolvedObligationsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListUnresolvedObligationsRequest, dev.tape.proto.ListUnresolvedObligationsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListUnresolvedObligations"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListUnresolvedObligationsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListUnresolvedObligationsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListUnresolvedObligations"))
              .build();
        }
      }
    }
    return getListUnresolvedObligationsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimObligationRequest,
      dev.tape.proto.ClaimObligationResponse> getClaimObligationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimObligation",
      requestType = dev.tape.proto.ClaimObligationRequest.class,
      responseType = dev.tape.proto.ClaimObligationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimObligationRequest,
      dev.tape.proto.ClaimObligationResponse> getClaimObligationMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimObligationRequest, dev.tape.proto.ClaimObligationResponse> getClaimObligationMethod;
    if ((getClaimObligationMethod = TapeGrpc.getClaimObligationMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimObligationMethod = TapeGrpc.getClaimObligationMethod) == null) {
          TapeGrpc.getClaimObligationMethod = getClaimObligationMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimObligationRequest, dev.tape.proto.ClaimObligationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimObligation"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimObligationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimObligationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimObligation"))
              .build();
        }
      }
    }
    return getClaimObligationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RecordObligationAttemptRequest,
      dev.tape.proto.ObligationRecord> getRecordObligationAttemptMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordObligationAttempt",
      requestType = dev.tape.proto.RecordObligationAttemptRequest.class,
      responseType = dev.tape.proto.ObligationRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RecordObligationAttemptRequest,
      dev.tape.proto.ObligationRecord> getRecordObligationAttemptMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RecordObligationAttemptRequest, dev.tape.proto.ObligationRecord> getRecordObligationAttemptMethod;
    if ((getRecordObligationAttemptMethod = TapeGrpc.getRecordObligationAttemptMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRecordObligationAttemptMethod = TapeGrpc.getRecordObligationAttemptMethod) == null) {
          TapeGrpc.getRecordObligationAttemptMethod = getRecordObligationAttemptMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RecordObligationAttemptRequest, dev.tape.proto.ObligationRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordObligationAttempt"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RecordObligationAttemptRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ObligationRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RecordObligationAttempt"))
              .build();
        }
      }
    }
    return getRecordObligationAttemptMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SetBudgetRequest,
      dev.tape.proto.BudgetState> getSetBudgetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetBudget",
      requestType = dev.tape.proto.SetBudgetRequest.class,
      responseType = dev.tape.proto.BudgetState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SetBudgetRequest,
      dev.tape.proto.BudgetState> getSetBudgetMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SetBudgetRequest, dev.tape.proto.BudgetState> getSetBudgetMethod;
    if ((getSetBudgetMethod = TapeGrpc.getSetBudgetMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSetBudgetMethod = TapeGrpc.getSetBudgetMethod) == null) {
          TapeGrpc.getSetBudgetMethod = getSetBudgetMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SetBudgetRequest, dev.tape.proto.BudgetState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetBudget"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SetBudgetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BudgetState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SetBudget"))
              .build();
        }
      }
    }
    return getSetBudgetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.AdmitBudgetRequest,
      dev.tape.proto.AdmitBudgetResponse> getAdmitBudgetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AdmitBudget",
      requestType = dev.tape.proto.AdmitBudgetRequest.class,
      responseType = dev.tape.proto.AdmitBudgetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.AdmitBudgetRequest,
      dev.tape.proto.AdmitBudgetResponse> getAdmitBudgetMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.AdmitBudgetRequest, dev.tape.proto.AdmitBudgetResponse> getAdmitBudgetMethod;
    if ((getAdmitBudgetMethod = TapeGrpc.getAdmitBudgetMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getAdmitBudgetMethod = TapeGrpc.getAdmitBudgetMethod) == null) {
          TapeGrpc.getAdmitBudgetMethod = getAdmitBudgetMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.AdmitBudgetRequest, dev.tape.proto.AdmitBudgetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AdmitBudget"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AdmitBudgetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AdmitBudgetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("AdmitBudget"))
              .build();
        }
      }
    }
    return getAdmitBudgetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ChargeBudgetRequest,
      dev.tape.proto.BudgetState> getChargeBudgetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ChargeBudget",
      requestType = dev.tape.proto.ChargeBudgetRequest.class,
      responseType = dev.tape.proto.BudgetState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ChargeBudgetRequest,
      dev.tape.proto.BudgetState> getChargeBudgetMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ChargeBudgetRequest, dev.tape.proto.BudgetState> getChargeBudgetMethod;
    if ((getChargeBudgetMethod = TapeGrpc.getChargeBudgetMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getChargeBudgetMethod = TapeGrpc.getChargeBudgetMethod) == null) {
          TapeGrpc.getChargeBudgetMethod = getChargeBudgetMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ChargeBudgetRequest, dev.tape.proto.BudgetState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ChargeBudget"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ChargeBudgetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BudgetState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ChargeBudget"))
              .build();
        }
      }
    }
    return getChargeBudgetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.BeginDecisionRequest,
      dev.tape.proto.BeginDecisionResponse> getBeginDecisionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BeginDecision",
      requestType = dev.tape.proto.BeginDecisionRequest.class,
      responseType = dev.tape.proto.BeginDecisionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.BeginDecisionRequest,
      dev.tape.proto.BeginDecisionResponse> getBeginDecisionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.BeginDecisionRequest, dev.tape.proto.BeginDecisionResponse> getBeginDecisionMethod;
    if ((getBeginDecisionMethod = TapeGrpc.getBeginDecisionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getBeginDecisionMethod = TapeGrpc.getBeginDecisionMethod) == null) {
          TapeGrpc.getBeginDecisionMethod = getBeginDecisionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.BeginDecisionRequest, dev.tape.proto.BeginDecisionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BeginDecision"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginDecisionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginDecisionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("BeginDecision"))
              .build();
        }
      }
    }
    return getBeginDecisionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.FailDecisionCallRequest,
      dev.tape.proto.FailDecisionCallResponse> getFailDecisionCallMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "FailDecisionCall",
      requestType = dev.tape.proto.FailDecisionCallRequest.class,
      responseType = dev.tape.proto.FailDecisionCallResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.FailDecisionCallRequest,
      dev.tape.proto.FailDecisionCallResponse> getFailDecisionCallMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.FailDecisionCallRequest, dev.tape.proto.FailDecisionCallResponse> getFailDecisionCallMethod;
    if ((getFailDecisionCallMethod = TapeGrpc.getFailDecisionCallMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getFailDecisionCallMethod = TapeGrpc.getFailDecisionCallMethod) == null) {
          TapeGrpc.getFailDecisionCallMethod = getFailDecisionCallMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.FailDecisionCallRequest, dev.tape.proto.FailDecisionCallResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "FailDecisionCall"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.FailDecisionCallRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.FailDecisionCallResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("FailDecisionCall"))
              .build();
        }
      }
    }
    return getFailDecisionCallMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.AwaitSignalRequest,
      dev.tape.proto.AwaitSignalResponse> getAwaitSignalMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AwaitSignal",
      requestType = dev.tape.proto.AwaitSignalRequest.class,
      responseType = dev.tape.proto.AwaitSignalResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.AwaitSignalRequest,
      dev.tape.proto.AwaitSignalResponse> getAwaitSignalMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.AwaitSignalRequest, dev.tape.proto.AwaitSignalResponse> getAwaitSignalMethod;
    if ((getAwaitSignalMethod = TapeGrpc.getAwaitSignalMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getAwaitSignalMethod = TapeGrpc.getAwaitSignalMethod) == null) {
          TapeGrpc.getAwaitSignalMethod = getAwaitSignalMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.AwaitSignalRequest, dev.tape.proto.AwaitSignalResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AwaitSignal"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AwaitSignalRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AwaitSignalResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("AwaitSignal"))
              .build();
        }
      }
    }
    return getAwaitSignalMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SendSignalRequest,
      dev.tape.proto.SendSignalResponse> getSendSignalMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SendSignal",
      requestType = dev.tape.proto.SendSignalRequest.class,
      responseType = dev.tape.proto.SendSignalResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SendSignalRequest,
      dev.tape.proto.SendSignalResponse> getSendSignalMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SendSignalRequest, dev.tape.proto.SendSignalResponse> getSendSignalMethod;
    if ((getSendSignalMethod = TapeGrpc.getSendSignalMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSendSignalMethod = TapeGrpc.getSendSignalMethod) == null) {
          TapeGrpc.getSendSignalMethod = getSendSignalMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SendSignalRequest, dev.tape.proto.SendSignalResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SendSignal"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SendSignalRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SendSignalResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SendSignal"))
              .build();
        }
      }
    }
    return getSendSignalMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SetTimerRequest,
      dev.tape.proto.TimerRecord> getSetTimerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetTimer",
      requestType = dev.tape.proto.SetTimerRequest.class,
      responseType = dev.tape.proto.TimerRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SetTimerRequest,
      dev.tape.proto.TimerRecord> getSetTimerMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SetTimerRequest, dev.tape.proto.TimerRecord> getSetTimerMethod;
    if ((getSetTimerMethod = TapeGrpc.getSetTimerMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSetTimerMethod = TapeGrpc.getSetTimerMethod) == null) {
          TapeGrpc.getSetTimerMethod = getSetTimerMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SetTimerRequest, dev.tape.proto.TimerRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetTimer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SetTimerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.TimerRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SetTimer"))
              .build();
        }
      }
    }
    return getSetTimerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CancelTimerRequest,
      dev.tape.proto.CancelTimerResponse> getCancelTimerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CancelTimer",
      requestType = dev.tape.proto.CancelTimerRequest.class,
      responseType = dev.tape.proto.CancelTimerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CancelTimerRequest,
      dev.tape.proto.CancelTimerResponse> getCancelTimerMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CancelTimerRequest, dev.tape.proto.CancelTimerResponse> getCancelTimerMethod;
    if ((getCancelTimerMethod = TapeGrpc.getCancelTimerMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCancelTimerMethod = TapeGrpc.getCancelTimerMethod) == null) {
          TapeGrpc.getCancelTimerMethod = getCancelTimerMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CancelTimerRequest, dev.tape.proto.CancelTimerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CancelTimer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CancelTimerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CancelTimerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CancelTimer"))
              .build();
        }
      }
    }
    return getCancelTimerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListDueTimersRequest,
      dev.tape.proto.ListDueTimersResponse> getListDueTimersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListDueTimers",
      requestType = dev.tape.proto.ListDueTimersRequest.class,
      responseType = dev.tape.proto.ListDueTimersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListDueTimersRequest,
      dev.tape.proto.ListDueTimersResponse> getListDueTimersMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListDueTimersRequest, dev.tape.proto.ListDueTimersResponse> getListDueTimersMethod;
    if ((getListDueTimersMethod = TapeGrpc.getListDueTimersMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListDueTimersMethod = TapeGrpc.getListDueTimersMethod) == null) {
          TapeGrpc.getListDueTimersMethod = getListDueTimersMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListDueTimersRequest, dev.tape.proto.ListDueTimersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListDueTimers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListDueTimersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListDueTimersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListDueTimers"))
              .build();
        }
      }
    }
    return getListDueTimersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SubscribeEventsRequest,
      dev.tape.proto.EventEntry> getSubscribeEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubscribeEvents",
      requestType = dev.tape.proto.SubscribeEventsRequest.class,
      responseType = dev.tape.proto.EventEntry.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SubscribeEventsRequest,
      dev.tape.proto.EventEntry> getSubscribeEventsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SubscribeEventsRequest, dev.tape.proto.EventEntry> getSubscribeEventsMethod;
    if ((getSubscribeEventsMethod = TapeGrpc.getSubscribeEventsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSubscribeEventsMethod = TapeGrpc.getSubscribeEventsMethod) == null) {
          TapeGrpc.getSubscribeEventsMethod = getSubscribeEventsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SubscribeEventsRequest, dev.tape.proto.EventEntry>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubscribeEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SubscribeEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EventEntry.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SubscribeEvents"))
              .build();
        }
      }
    }
    return getSubscribeEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SubscribeBySubjectRequest,
      dev.tape.proto.EventEntry> getSubscribeBySubjectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubscribeBySubject",
      requestType = dev.tape.proto.SubscribeBySubjectRequest.class,
      responseType = dev.tape.proto.EventEntry.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SubscribeBySubjectRequest,
      dev.tape.proto.EventEntry> getSubscribeBySubjectMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SubscribeBySubjectRequest, dev.tape.proto.EventEntry> getSubscribeBySubjectMethod;
    if ((getSubscribeBySubjectMethod = TapeGrpc.getSubscribeBySubjectMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSubscribeBySubjectMethod = TapeGrpc.getSubscribeBySubjectMethod) == null) {
          TapeGrpc.getSubscribeBySubjectMethod = getSubscribeBySubjectMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SubscribeBySubjectRequest, dev.tape.proto.EventEntry>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubscribeBySubject"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SubscribeBySubjectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EventEntry.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SubscribeBySubject"))
              .build();
        }
      }
    }
    return getSubscribeBySubjectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Reaction,
      dev.tape.proto.Reaction> getRegisterReactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterReaction",
      requestType = dev.tape.proto.Reaction.class,
      responseType = dev.tape.proto.Reaction.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Reaction,
      dev.tape.proto.Reaction> getRegisterReactionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Reaction, dev.tape.proto.Reaction> getRegisterReactionMethod;
    if ((getRegisterReactionMethod = TapeGrpc.getRegisterReactionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRegisterReactionMethod = TapeGrpc.getRegisterReactionMethod) == null) {
          TapeGrpc.getRegisterReactionMethod = getRegisterReactionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Reaction, dev.tape.proto.Reaction>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterReaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Reaction.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Reaction.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RegisterReaction"))
              .build();
        }
      }
    }
    return getRegisterReactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.DeregisterReactionRequest,
      dev.tape.proto.DeregisterReactionResponse> getDeregisterReactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeregisterReaction",
      requestType = dev.tape.proto.DeregisterReactionRequest.class,
      responseType = dev.tape.proto.DeregisterReactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.DeregisterReactionRequest,
      dev.tape.proto.DeregisterReactionResponse> getDeregisterReactionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.DeregisterReactionRequest, dev.tape.proto.DeregisterReactionResponse> getDeregisterReactionMethod;
    if ((getDeregisterReactionMethod = TapeGrpc.getDeregisterReactionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDeregisterReactionMethod = TapeGrpc.getDeregisterReactionMethod) == null) {
          TapeGrpc.getDeregisterReactionMethod = getDeregisterReactionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.DeregisterReactionRequest, dev.tape.proto.DeregisterReactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeregisterReaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeregisterReactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeregisterReactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DeregisterReaction"))
              .build();
        }
      }
    }
    return getDeregisterReactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListReactionsRequest,
      dev.tape.proto.ListReactionsResponse> getListReactionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListReactions",
      requestType = dev.tape.proto.ListReactionsRequest.class,
      responseType = dev.tape.proto.ListReactionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListReactionsRequest,
      dev.tape.proto.ListReactionsResponse> getListReactionsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListReactionsRequest, dev.tape.proto.ListReactionsResponse> getListReactionsMethod;
    if ((getListReactionsMethod = TapeGrpc.getListReactionsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListReactionsMethod = TapeGrpc.getListReactionsMethod) == null) {
          TapeGrpc.getListReactionsMethod = getListReactionsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListReactionsRequest, dev.tape.proto.ListReactionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListReactions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListReactionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListReactionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListReactions"))
              .build();
        }
      }
    }
    return getListReactionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimTasksRequest,
      dev.tape.proto.ClaimTasksResponse> getClaimTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimTasks",
      requestType = dev.tape.proto.ClaimTasksRequest.class,
      responseType = dev.tape.proto.ClaimTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimTasksRequest,
      dev.tape.proto.ClaimTasksResponse> getClaimTasksMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimTasksRequest, dev.tape.proto.ClaimTasksResponse> getClaimTasksMethod;
    if ((getClaimTasksMethod = TapeGrpc.getClaimTasksMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimTasksMethod = TapeGrpc.getClaimTasksMethod) == null) {
          TapeGrpc.getClaimTasksMethod = getClaimTasksMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimTasksRequest, dev.tape.proto.ClaimTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimTasks"))
              .build();
        }
      }
    }
    return getClaimTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CompleteTaskRequest,
      dev.tape.proto.CompleteTaskResponse> getCompleteTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompleteTask",
      requestType = dev.tape.proto.CompleteTaskRequest.class,
      responseType = dev.tape.proto.CompleteTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CompleteTaskRequest,
      dev.tape.proto.CompleteTaskResponse> getCompleteTaskMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CompleteTaskRequest, dev.tape.proto.CompleteTaskResponse> getCompleteTaskMethod;
    if ((getCompleteTaskMethod = TapeGrpc.getCompleteTaskMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCompleteTaskMethod = TapeGrpc.getCompleteTaskMethod) == null) {
          TapeGrpc.getCompleteTaskMethod = getCompleteTaskMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CompleteTaskRequest, dev.tape.proto.CompleteTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompleteTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompleteTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompleteTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CompleteTask"))
              .build();
        }
      }
    }
    return getCompleteTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.NackTaskRequest,
      dev.tape.proto.NackTaskResponse> getNackTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "NackTask",
      requestType = dev.tape.proto.NackTaskRequest.class,
      responseType = dev.tape.proto.NackTaskResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.NackTaskRequest,
      dev.tape.proto.NackTaskResponse> getNackTaskMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.NackTaskRequest, dev.tape.proto.NackTaskResponse> getNackTaskMethod;
    if ((getNackTaskMethod = TapeGrpc.getNackTaskMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getNackTaskMethod = TapeGrpc.getNackTaskMethod) == null) {
          TapeGrpc.getNackTaskMethod = getNackTaskMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.NackTaskRequest, dev.tape.proto.NackTaskResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "NackTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.NackTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.NackTaskResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("NackTask"))
              .build();
        }
      }
    }
    return getNackTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListTasksRequest,
      dev.tape.proto.ListTasksResponse> getListTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTasks",
      requestType = dev.tape.proto.ListTasksRequest.class,
      responseType = dev.tape.proto.ListTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListTasksRequest,
      dev.tape.proto.ListTasksResponse> getListTasksMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListTasksRequest, dev.tape.proto.ListTasksResponse> getListTasksMethod;
    if ((getListTasksMethod = TapeGrpc.getListTasksMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListTasksMethod = TapeGrpc.getListTasksMethod) == null) {
          TapeGrpc.getListTasksMethod = getListTasksMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListTasksRequest, dev.tape.proto.ListTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListTasks"))
              .build();
        }
      }
    }
    return getListTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.WriteValueRequest,
      dev.tape.proto.ValueRecord> getWriteValueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WriteValue",
      requestType = dev.tape.proto.WriteValueRequest.class,
      responseType = dev.tape.proto.ValueRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.WriteValueRequest,
      dev.tape.proto.ValueRecord> getWriteValueMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.WriteValueRequest, dev.tape.proto.ValueRecord> getWriteValueMethod;
    if ((getWriteValueMethod = TapeGrpc.getWriteValueMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getWriteValueMethod = TapeGrpc.getWriteValueMethod) == null) {
          TapeGrpc.getWriteValueMethod = getWriteValueMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.WriteValueRequest, dev.tape.proto.ValueRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WriteValue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.WriteValueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ValueRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("WriteValue"))
              .build();
        }
      }
    }
    return getWriteValueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetValueRequest,
      dev.tape.proto.GetValueResponse> getGetValueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetValue",
      requestType = dev.tape.proto.GetValueRequest.class,
      responseType = dev.tape.proto.GetValueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetValueRequest,
      dev.tape.proto.GetValueResponse> getGetValueMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetValueRequest, dev.tape.proto.GetValueResponse> getGetValueMethod;
    if ((getGetValueMethod = TapeGrpc.getGetValueMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetValueMethod = TapeGrpc.getGetValueMethod) == null) {
          TapeGrpc.getGetValueMethod = getGetValueMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetValueRequest, dev.tape.proto.GetValueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetValue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetValueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetValueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetValue"))
              .build();
        }
      }
    }
    return getGetValueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.WatchValueRequest,
      dev.tape.proto.ValueEvent> getWatchValueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchValue",
      requestType = dev.tape.proto.WatchValueRequest.class,
      responseType = dev.tape.proto.ValueEvent.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.tape.proto.WatchValueRequest,
      dev.tape.proto.ValueEvent> getWatchValueMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.WatchValueRequest, dev.tape.proto.ValueEvent> getWatchValueMethod;
    if ((getWatchValueMethod = TapeGrpc.getWatchValueMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getWatchValueMethod = TapeGrpc.getWatchValueMethod) == null) {
          TapeGrpc.getWatchValueMethod = getWatchValueMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.WatchValueRequest, dev.tape.proto.ValueEvent>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchValue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.WatchValueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ValueEvent.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("WatchValue"))
              .build();
        }
      }
    }
    return getWatchValueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.DeleteValueRequest,
      dev.tape.proto.DeleteValueResponse> getDeleteValueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteValue",
      requestType = dev.tape.proto.DeleteValueRequest.class,
      responseType = dev.tape.proto.DeleteValueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.DeleteValueRequest,
      dev.tape.proto.DeleteValueResponse> getDeleteValueMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.DeleteValueRequest, dev.tape.proto.DeleteValueResponse> getDeleteValueMethod;
    if ((getDeleteValueMethod = TapeGrpc.getDeleteValueMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDeleteValueMethod = TapeGrpc.getDeleteValueMethod) == null) {
          TapeGrpc.getDeleteValueMethod = getDeleteValueMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.DeleteValueRequest, dev.tape.proto.DeleteValueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteValue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeleteValueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeleteValueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DeleteValue"))
              .build();
        }
      }
    }
    return getDeleteValueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CreateSessionRequest,
      dev.tape.proto.Session> getCreateSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateSession",
      requestType = dev.tape.proto.CreateSessionRequest.class,
      responseType = dev.tape.proto.Session.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CreateSessionRequest,
      dev.tape.proto.Session> getCreateSessionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CreateSessionRequest, dev.tape.proto.Session> getCreateSessionMethod;
    if ((getCreateSessionMethod = TapeGrpc.getCreateSessionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCreateSessionMethod = TapeGrpc.getCreateSessionMethod) == null) {
          TapeGrpc.getCreateSessionMethod = getCreateSessionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CreateSessionRequest, dev.tape.proto.Session>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CreateSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Session.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CreateSession"))
              .build();
        }
      }
    }
    return getCreateSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetSessionRequest,
      dev.tape.proto.GetSessionResponse> getGetSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSession",
      requestType = dev.tape.proto.GetSessionRequest.class,
      responseType = dev.tape.proto.GetSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetSessionRequest,
      dev.tape.proto.GetSessionResponse> getGetSessionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetSessionRequest, dev.tape.proto.GetSessionResponse> getGetSessionMethod;
    if ((getGetSessionMethod = TapeGrpc.getGetSessionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetSessionMethod = TapeGrpc.getGetSessionMethod) == null) {
          TapeGrpc.getGetSessionMethod = getGetSessionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetSessionRequest, dev.tape.proto.GetSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetSession"))
              .build();
        }
      }
    }
    return getGetSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListSessionsRequest,
      dev.tape.proto.ListSessionsResponse> getListSessionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSessions",
      requestType = dev.tape.proto.ListSessionsRequest.class,
      responseType = dev.tape.proto.ListSessionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListSessionsRequest,
      dev.tape.proto.ListSessionsResponse> getListSessionsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListSessionsRequest, dev.tape.proto.ListSessionsResponse> getListSessionsMethod;
    if ((getListSessionsMethod = TapeGrpc.getListSessionsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListSessionsMethod = TapeGrpc.getListSessionsMethod) == null) {
          TapeGrpc.getListSessionsMethod = getListSessionsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListSessionsRequest, dev.tape.proto.ListSessionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSessions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListSessionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListSessionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListSessions"))
              .build();
        }
      }
    }
    return getListSessionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.DeleteSessionRequest,
      dev.tape.proto.DeleteSessionResponse> getDeleteSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteSession",
      requestType = dev.tape.proto.DeleteSessionRequest.class,
      responseType = dev.tape.proto.DeleteSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.DeleteSessionRequest,
      dev.tape.proto.DeleteSessionResponse> getDeleteSessionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.DeleteSessionRequest, dev.tape.proto.DeleteSessionResponse> getDeleteSessionMethod;
    if ((getDeleteSessionMethod = TapeGrpc.getDeleteSessionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDeleteSessionMethod = TapeGrpc.getDeleteSessionMethod) == null) {
          TapeGrpc.getDeleteSessionMethod = getDeleteSessionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.DeleteSessionRequest, dev.tape.proto.DeleteSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeleteSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeleteSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DeleteSession"))
              .build();
        }
      }
    }
    return getDeleteSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.AppendEventRequest,
      dev.tape.proto.AppendEventResponse> getAppendEventMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AppendEvent",
      requestType = dev.tape.proto.AppendEventRequest.class,
      responseType = dev.tape.proto.AppendEventResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.AppendEventRequest,
      dev.tape.proto.AppendEventResponse> getAppendEventMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.AppendEventRequest, dev.tape.proto.AppendEventResponse> getAppendEventMethod;
    if ((getAppendEventMethod = TapeGrpc.getAppendEventMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getAppendEventMethod = TapeGrpc.getAppendEventMethod) == null) {
          TapeGrpc.getAppendEventMethod = getAppendEventMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.AppendEventRequest, dev.tape.proto.AppendEventResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AppendEvent"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AppendEventRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AppendEventResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("AppendEvent"))
              .build();
        }
      }
    }
    return getAppendEventMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CreateRunRequest,
      dev.tape.proto.BeginRunResponse> getCreateRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateRun",
      requestType = dev.tape.proto.CreateRunRequest.class,
      responseType = dev.tape.proto.BeginRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CreateRunRequest,
      dev.tape.proto.BeginRunResponse> getCreateRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CreateRunRequest, dev.tape.proto.BeginRunResponse> getCreateRunMethod;
    if ((getCreateRunMethod = TapeGrpc.getCreateRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCreateRunMethod = TapeGrpc.getCreateRunMethod) == null) {
          TapeGrpc.getCreateRunMethod = getCreateRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CreateRunRequest, dev.tape.proto.BeginRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CreateRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CreateRun"))
              .build();
        }
      }
    }
    return getCreateRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ReleaseRunRequest,
      dev.tape.proto.RunState> getReleaseRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReleaseRun",
      requestType = dev.tape.proto.ReleaseRunRequest.class,
      responseType = dev.tape.proto.RunState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ReleaseRunRequest,
      dev.tape.proto.RunState> getReleaseRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ReleaseRunRequest, dev.tape.proto.RunState> getReleaseRunMethod;
    if ((getReleaseRunMethod = TapeGrpc.getReleaseRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getReleaseRunMethod = TapeGrpc.getReleaseRunMethod) == null) {
          TapeGrpc.getReleaseRunMethod = getReleaseRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ReleaseRunRequest, dev.tape.proto.RunState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReleaseRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ReleaseRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ReleaseRun"))
              .build();
        }
      }
    }
    return getReleaseRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListRunsRequest,
      dev.tape.proto.ListRunsResponse> getListRunsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRuns",
      requestType = dev.tape.proto.ListRunsRequest.class,
      responseType = dev.tape.proto.ListRunsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListRunsRequest,
      dev.tape.proto.ListRunsResponse> getListRunsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListRunsRequest, dev.tape.proto.ListRunsResponse> getListRunsMethod;
    if ((getListRunsMethod = TapeGrpc.getListRunsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListRunsMethod = TapeGrpc.getListRunsMethod) == null) {
          TapeGrpc.getListRunsMethod = getListRunsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListRunsRequest, dev.tape.proto.ListRunsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRuns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListRuns"))
              .build();
        }
      }
    }
    return getListRunsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CountDecisionsRequest,
      dev.tape.proto.CountResponse> getCountDecisionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountDecisions",
      requestType = dev.tape.proto.CountDecisionsRequest.class,
      responseType = dev.tape.proto.CountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CountDecisionsRequest,
      dev.tape.proto.CountResponse> getCountDecisionsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CountDecisionsRequest, dev.tape.proto.CountResponse> getCountDecisionsMethod;
    if ((getCountDecisionsMethod = TapeGrpc.getCountDecisionsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountDecisionsMethod = TapeGrpc.getCountDecisionsMethod) == null) {
          TapeGrpc.getCountDecisionsMethod = getCountDecisionsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CountDecisionsRequest, dev.tape.proto.CountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountDecisions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountDecisionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountDecisions"))
              .build();
        }
      }
    }
    return getCountDecisionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.BeginEffectsRequest,
      dev.tape.proto.EffectList> getBeginEffectsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BeginEffects",
      requestType = dev.tape.proto.BeginEffectsRequest.class,
      responseType = dev.tape.proto.EffectList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.BeginEffectsRequest,
      dev.tape.proto.EffectList> getBeginEffectsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.BeginEffectsRequest, dev.tape.proto.EffectList> getBeginEffectsMethod;
    if ((getBeginEffectsMethod = TapeGrpc.getBeginEffectsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getBeginEffectsMethod = TapeGrpc.getBeginEffectsMethod) == null) {
          TapeGrpc.getBeginEffectsMethod = getBeginEffectsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.BeginEffectsRequest, dev.tape.proto.EffectList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BeginEffects"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BeginEffectsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectList.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("BeginEffects"))
              .build();
        }
      }
    }
    return getBeginEffectsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListEffectsRequest,
      dev.tape.proto.EffectList> getListEffectsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListEffects",
      requestType = dev.tape.proto.ListEffectsRequest.class,
      responseType = dev.tape.proto.EffectList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListEffectsRequest,
      dev.tape.proto.EffectList> getListEffectsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListEffectsRequest, dev.tape.proto.EffectList> getListEffectsMethod;
    if ((getListEffectsMethod = TapeGrpc.getListEffectsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListEffectsMethod = TapeGrpc.getListEffectsMethod) == null) {
          TapeGrpc.getListEffectsMethod = getListEffectsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListEffectsRequest, dev.tape.proto.EffectList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListEffects"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListEffectsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectList.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListEffects"))
              .build();
        }
      }
    }
    return getListEffectsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectsToDispatchRequest,
      dev.tape.proto.EffectList> getClaimEffectsToDispatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimEffectsToDispatch",
      requestType = dev.tape.proto.ClaimEffectsToDispatchRequest.class,
      responseType = dev.tape.proto.EffectList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectsToDispatchRequest,
      dev.tape.proto.EffectList> getClaimEffectsToDispatchMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectsToDispatchRequest, dev.tape.proto.EffectList> getClaimEffectsToDispatchMethod;
    if ((getClaimEffectsToDispatchMethod = TapeGrpc.getClaimEffectsToDispatchMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimEffectsToDispatchMethod = TapeGrpc.getClaimEffectsToDispatchMethod) == null) {
          TapeGrpc.getClaimEffectsToDispatchMethod = getClaimEffectsToDispatchMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimEffectsToDispatchRequest, dev.tape.proto.EffectList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimEffectsToDispatch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimEffectsToDispatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectList.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimEffectsToDispatch"))
              .build();
        }
      }
    }
    return getClaimEffectsToDispatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RecordDispatchOutcomesRequest,
      dev.tape.proto.RecordDispatchOutcomesResponse> getRecordDispatchOutcomesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordDispatchOutcomes",
      requestType = dev.tape.proto.RecordDispatchOutcomesRequest.class,
      responseType = dev.tape.proto.RecordDispatchOutcomesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RecordDispatchOutcomesRequest,
      dev.tape.proto.RecordDispatchOutcomesResponse> getRecordDispatchOutcomesMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RecordDispatchOutcomesRequest, dev.tape.proto.RecordDispatchOutcomesResponse> getRecordDispatchOutcomesMethod;
    if ((getRecordDispatchOutcomesMethod = TapeGrpc.getRecordDispatchOutcomesMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRecordDispatchOutcomesMethod = TapeGrpc.getRecordDispatchOutcomesMethod) == null) {
          TapeGrpc.getRecordDispatchOutcomesMethod = getRecordDispatchOutcomesMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RecordDispatchOutcomesRequest, dev.tape.proto.RecordDispatchOutcomesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordDispatchOutcomes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RecordDispatchOutcomesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RecordDispatchOutcomesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RecordDispatchOutcomes"))
              .build();
        }
      }
    }
    return getRecordDispatchOutcomesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ExpireDispatchClaimsRequest,
      dev.tape.proto.EffectList> getExpireDispatchClaimsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExpireDispatchClaims",
      requestType = dev.tape.proto.ExpireDispatchClaimsRequest.class,
      responseType = dev.tape.proto.EffectList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ExpireDispatchClaimsRequest,
      dev.tape.proto.EffectList> getExpireDispatchClaimsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ExpireDispatchClaimsRequest, dev.tape.proto.EffectList> getExpireDispatchClaimsMethod;
    if ((getExpireDispatchClaimsMethod = TapeGrpc.getExpireDispatchClaimsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getExpireDispatchClaimsMethod = TapeGrpc.getExpireDispatchClaimsMethod) == null) {
          TapeGrpc.getExpireDispatchClaimsMethod = getExpireDispatchClaimsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ExpireDispatchClaimsRequest, dev.tape.proto.EffectList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExpireDispatchClaims"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ExpireDispatchClaimsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectList.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ExpireDispatchClaims"))
              .build();
        }
      }
    }
    return getExpireDispatchClaimsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectsToReconcileRequest,
      dev.tape.proto.EffectList> getClaimEffectsToReconcileMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimEffectsToReconcile",
      requestType = dev.tape.proto.ClaimEffectsToReconcileRequest.class,
      responseType = dev.tape.proto.EffectList.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectsToReconcileRequest,
      dev.tape.proto.EffectList> getClaimEffectsToReconcileMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectsToReconcileRequest, dev.tape.proto.EffectList> getClaimEffectsToReconcileMethod;
    if ((getClaimEffectsToReconcileMethod = TapeGrpc.getClaimEffectsToReconcileMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimEffectsToReconcileMethod = TapeGrpc.getClaimEffectsToReconcileMethod) == null) {
          TapeGrpc.getClaimEffectsToReconcileMethod = getClaimEffectsToReconcileMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimEffectsToReconcileRequest, dev.tape.proto.EffectList>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimEffectsToReconcile"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimEffectsToReconcileRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectList.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimEffectsToReconcile"))
              .build();
        }
      }
    }
    return getClaimEffectsToReconcileMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectToReconcileRequest,
      dev.tape.proto.GetEffectResponse> getClaimEffectToReconcileMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimEffectToReconcile",
      requestType = dev.tape.proto.ClaimEffectToReconcileRequest.class,
      responseType = dev.tape.proto.GetEffectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectToReconcileRequest,
      dev.tape.proto.GetEffectResponse> getClaimEffectToReconcileMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimEffectToReconcileRequest, dev.tape.proto.GetEffectResponse> getClaimEffectToReconcileMethod;
    if ((getClaimEffectToReconcileMethod = TapeGrpc.getClaimEffectToReconcileMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimEffectToReconcileMethod = TapeGrpc.getClaimEffectToReconcileMethod) == null) {
          TapeGrpc.getClaimEffectToReconcileMethod = getClaimEffectToReconcileMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimEffectToReconcileRequest, dev.tape.proto.GetEffectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimEffectToReconcile"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimEffectToReconcileRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetEffectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimEffectToReconcile"))
              .build();
        }
      }
    }
    return getClaimEffectToReconcileMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ResolveEffectRequest,
      dev.tape.proto.EffectRecord> getResolveEffectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResolveEffect",
      requestType = dev.tape.proto.ResolveEffectRequest.class,
      responseType = dev.tape.proto.EffectRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ResolveEffectRequest,
      dev.tape.proto.EffectRecord> getResolveEffectMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ResolveEffectRequest, dev.tape.proto.EffectRecord> getResolveEffectMethod;
    if ((getResolveEffectMethod = TapeGrpc.getResolveEffectMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getResolveEffectMethod = TapeGrpc.getResolveEffectMethod) == null) {
          TapeGrpc.getResolveEffectMethod = getResolveEffectMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ResolveEffectRequest, dev.tape.proto.EffectRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResolveEffect"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResolveEffectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.EffectRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ResolveEffect"))
              .build();
        }
      }
    }
    return getResolveEffectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SettleCompensatingRunsRequest,
      dev.tape.proto.ListRunsResponse> getSettleCompensatingRunsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SettleCompensatingRuns",
      requestType = dev.tape.proto.SettleCompensatingRunsRequest.class,
      responseType = dev.tape.proto.ListRunsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SettleCompensatingRunsRequest,
      dev.tape.proto.ListRunsResponse> getSettleCompensatingRunsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SettleCompensatingRunsRequest, dev.tape.proto.ListRunsResponse> getSettleCompensatingRunsMethod;
    if ((getSettleCompensatingRunsMethod = TapeGrpc.getSettleCompensatingRunsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSettleCompensatingRunsMethod = TapeGrpc.getSettleCompensatingRunsMethod) == null) {
          TapeGrpc.getSettleCompensatingRunsMethod = getSettleCompensatingRunsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SettleCompensatingRunsRequest, dev.tape.proto.ListRunsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SettleCompensatingRuns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SettleCompensatingRunsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SettleCompensatingRuns"))
              .build();
        }
      }
    }
    return getSettleCompensatingRunsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RequestRedriveRequest,
      dev.tape.proto.RequestRedriveResponse> getRequestRedriveMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RequestRedrive",
      requestType = dev.tape.proto.RequestRedriveRequest.class,
      responseType = dev.tape.proto.RequestRedriveResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RequestRedriveRequest,
      dev.tape.proto.RequestRedriveResponse> getRequestRedriveMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RequestRedriveRequest, dev.tape.proto.RequestRedriveResponse> getRequestRedriveMethod;
    if ((getRequestRedriveMethod = TapeGrpc.getRequestRedriveMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRequestRedriveMethod = TapeGrpc.getRequestRedriveMethod) == null) {
          TapeGrpc.getRequestRedriveMethod = getRequestRedriveMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RequestRedriveRequest, dev.tape.proto.RequestRedriveResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RequestRedrive"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RequestRedriveRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RequestRedriveResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RequestRedrive"))
              .build();
        }
      }
    }
    return getRequestRedriveMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CountRedriveRequest,
      dev.tape.proto.Empty> getCountRedriveMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountRedrive",
      requestType = dev.tape.proto.CountRedriveRequest.class,
      responseType = dev.tape.proto.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CountRedriveRequest,
      dev.tape.proto.Empty> getCountRedriveMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CountRedriveRequest, dev.tape.proto.Empty> getCountRedriveMethod;
    if ((getCountRedriveMethod = TapeGrpc.getCountRedriveMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountRedriveMethod = TapeGrpc.getCountRedriveMethod) == null) {
          TapeGrpc.getCountRedriveMethod = getCountRedriveMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CountRedriveRequest, dev.tape.proto.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountRedrive"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountRedriveRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountRedrive"))
              .build();
        }
      }
    }
    return getCountRedriveMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimObligationRequest,
      dev.tape.proto.ClaimObligationResponse> getClaimObligationNowMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimObligationNow",
      requestType = dev.tape.proto.ClaimObligationRequest.class,
      responseType = dev.tape.proto.ClaimObligationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimObligationRequest,
      dev.tape.proto.ClaimObligationResponse> getClaimObligationNowMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimObligationRequest, dev.tape.proto.ClaimObligationResponse> getClaimObligationNowMethod;
    if ((getClaimObligationNowMethod = TapeGrpc.getClaimObligationNowMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimObligationNowMethod = TapeGrpc.getClaimObligationNowMethod) == null) {
          TapeGrpc.getClaimObligationNowMethod = getClaimObligationNowMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimObligationRequest, dev.tape.proto.ClaimObligationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimObligationNow"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimObligationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimObligationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimObligationNow"))
              .build();
        }
      }
    }
    return getClaimObligationNowMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetBudgetRequest,
      dev.tape.proto.BudgetState> getGetBudgetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetBudget",
      requestType = dev.tape.proto.GetBudgetRequest.class,
      responseType = dev.tape.proto.BudgetState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetBudgetRequest,
      dev.tape.proto.BudgetState> getGetBudgetMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetBudgetRequest, dev.tape.proto.BudgetState> getGetBudgetMethod;
    if ((getGetBudgetMethod = TapeGrpc.getGetBudgetMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetBudgetMethod = TapeGrpc.getGetBudgetMethod) == null) {
          TapeGrpc.getGetBudgetMethod = getGetBudgetMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetBudgetRequest, dev.tape.proto.BudgetState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetBudget"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetBudgetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BudgetState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetBudget"))
              .build();
        }
      }
    }
    return getGetBudgetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.MarkTimerFiredRequest,
      dev.tape.proto.TimerRecord> getMarkTimerFiredMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "MarkTimerFired",
      requestType = dev.tape.proto.MarkTimerFiredRequest.class,
      responseType = dev.tape.proto.TimerRecord.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.MarkTimerFiredRequest,
      dev.tape.proto.TimerRecord> getMarkTimerFiredMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.MarkTimerFiredRequest, dev.tape.proto.TimerRecord> getMarkTimerFiredMethod;
    if ((getMarkTimerFiredMethod = TapeGrpc.getMarkTimerFiredMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getMarkTimerFiredMethod = TapeGrpc.getMarkTimerFiredMethod) == null) {
          TapeGrpc.getMarkTimerFiredMethod = getMarkTimerFiredMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.MarkTimerFiredRequest, dev.tape.proto.TimerRecord>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "MarkTimerFired"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.MarkTimerFiredRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.TimerRecord.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("MarkTimerFired"))
              .build();
        }
      }
    }
    return getMarkTimerFiredMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ReadJournalRequest,
      dev.tape.proto.ReadJournalResponse> getReadJournalMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadJournal",
      requestType = dev.tape.proto.ReadJournalRequest.class,
      responseType = dev.tape.proto.ReadJournalResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ReadJournalRequest,
      dev.tape.proto.ReadJournalResponse> getReadJournalMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ReadJournalRequest, dev.tape.proto.ReadJournalResponse> getReadJournalMethod;
    if ((getReadJournalMethod = TapeGrpc.getReadJournalMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getReadJournalMethod = TapeGrpc.getReadJournalMethod) == null) {
          TapeGrpc.getReadJournalMethod = getReadJournalMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ReadJournalRequest, dev.tape.proto.ReadJournalResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadJournal"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ReadJournalRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ReadJournalResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ReadJournal"))
              .build();
        }
      }
    }
    return getReadJournalMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SearchRunsRequest,
      dev.tape.proto.ListRunsResponse> getSearchRunsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SearchRuns",
      requestType = dev.tape.proto.SearchRunsRequest.class,
      responseType = dev.tape.proto.ListRunsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SearchRunsRequest,
      dev.tape.proto.ListRunsResponse> getSearchRunsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SearchRunsRequest, dev.tape.proto.ListRunsResponse> getSearchRunsMethod;
    if ((getSearchRunsMethod = TapeGrpc.getSearchRunsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSearchRunsMethod = TapeGrpc.getSearchRunsMethod) == null) {
          TapeGrpc.getSearchRunsMethod = getSearchRunsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SearchRunsRequest, dev.tape.proto.ListRunsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SearchRuns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SearchRunsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListRunsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("SearchRuns"))
              .build();
        }
      }
    }
    return getSearchRunsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ResolveRunIdRequest,
      dev.tape.proto.ResolveRunIdResponse> getResolveRunIdMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResolveRunId",
      requestType = dev.tape.proto.ResolveRunIdRequest.class,
      responseType = dev.tape.proto.ResolveRunIdResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ResolveRunIdRequest,
      dev.tape.proto.ResolveRunIdResponse> getResolveRunIdMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ResolveRunIdRequest, dev.tape.proto.ResolveRunIdResponse> getResolveRunIdMethod;
    if ((getResolveRunIdMethod = TapeGrpc.getResolveRunIdMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getResolveRunIdMethod = TapeGrpc.getResolveRunIdMethod) == null) {
          TapeGrpc.getResolveRunIdMethod = getResolveRunIdMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ResolveRunIdRequest, dev.tape.proto.ResolveRunIdResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResolveRunId"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResolveRunIdRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResolveRunIdResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ResolveRunId"))
              .build();
        }
      }
    }
    return getResolveRunIdMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.Names> getListAppNamesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAppNames",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.Names.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.Names> getListAppNamesMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.Names> getListAppNamesMethod;
    if ((getListAppNamesMethod = TapeGrpc.getListAppNamesMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListAppNamesMethod = TapeGrpc.getListAppNamesMethod) == null) {
          TapeGrpc.getListAppNamesMethod = getListAppNamesMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.Names>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAppNames"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Names.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListAppNames"))
              .build();
        }
      }
    }
    return getListAppNamesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ListBusinessKeysRequest,
      dev.tape.proto.BusinessKeysResponse> getListBusinessKeysMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListBusinessKeys",
      requestType = dev.tape.proto.ListBusinessKeysRequest.class,
      responseType = dev.tape.proto.BusinessKeysResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ListBusinessKeysRequest,
      dev.tape.proto.BusinessKeysResponse> getListBusinessKeysMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ListBusinessKeysRequest, dev.tape.proto.BusinessKeysResponse> getListBusinessKeysMethod;
    if ((getListBusinessKeysMethod = TapeGrpc.getListBusinessKeysMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getListBusinessKeysMethod = TapeGrpc.getListBusinessKeysMethod) == null) {
          TapeGrpc.getListBusinessKeysMethod = getListBusinessKeysMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ListBusinessKeysRequest, dev.tape.proto.BusinessKeysResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListBusinessKeys"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListBusinessKeysRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.BusinessKeysResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ListBusinessKeys"))
              .build();
        }
      }
    }
    return getListBusinessKeysMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.StatusCounts> getCountRunsByStatusMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountRunsByStatus",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.StatusCounts.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.StatusCounts> getCountRunsByStatusMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.StatusCounts> getCountRunsByStatusMethod;
    if ((getCountRunsByStatusMethod = TapeGrpc.getCountRunsByStatusMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountRunsByStatusMethod = TapeGrpc.getCountRunsByStatusMethod) == null) {
          TapeGrpc.getCountRunsByStatusMethod = getCountRunsByStatusMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.StatusCounts>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountRunsByStatus"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.StatusCounts.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountRunsByStatus"))
              .build();
        }
      }
    }
    return getCountRunsByStatusMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.StatusCounts> getCountEffectsByStatusMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountEffectsByStatus",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.StatusCounts.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.StatusCounts> getCountEffectsByStatusMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.StatusCounts> getCountEffectsByStatusMethod;
    if ((getCountEffectsByStatusMethod = TapeGrpc.getCountEffectsByStatusMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountEffectsByStatusMethod = TapeGrpc.getCountEffectsByStatusMethod) == null) {
          TapeGrpc.getCountEffectsByStatusMethod = getCountEffectsByStatusMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.StatusCounts>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountEffectsByStatus"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.StatusCounts.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountEffectsByStatus"))
              .build();
        }
      }
    }
    return getCountEffectsByStatusMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.StatusCounts> getCountObligationsByStatusMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountObligationsByStatus",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.StatusCounts.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.StatusCounts> getCountObligationsByStatusMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.StatusCounts> getCountObligationsByStatusMethod;
    if ((getCountObligationsByStatusMethod = TapeGrpc.getCountObligationsByStatusMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountObligationsByStatusMethod = TapeGrpc.getCountObligationsByStatusMethod) == null) {
          TapeGrpc.getCountObligationsByStatusMethod = getCountObligationsByStatusMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.StatusCounts>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountObligationsByStatus"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.StatusCounts.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountObligationsByStatus"))
              .build();
        }
      }
    }
    return getCountObligationsByStatusMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.CountResponse> getCountStuckEffectsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountStuckEffects",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.CountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.CountResponse> getCountStuckEffectsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.CountResponse> getCountStuckEffectsMethod;
    if ((getCountStuckEffectsMethod = TapeGrpc.getCountStuckEffectsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountStuckEffectsMethod = TapeGrpc.getCountStuckEffectsMethod) == null) {
          TapeGrpc.getCountStuckEffectsMethod = getCountStuckEffectsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.CountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountStuckEffects"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountStuckEffects"))
              .build();
        }
      }
    }
    return getCountStuckEffectsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.NamedCounts> getOldestDueMsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "OldestDueMs",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.NamedCounts.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.NamedCounts> getOldestDueMsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.NamedCounts> getOldestDueMsMethod;
    if ((getOldestDueMsMethod = TapeGrpc.getOldestDueMsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getOldestDueMsMethod = TapeGrpc.getOldestDueMsMethod) == null) {
          TapeGrpc.getOldestDueMsMethod = getOldestDueMsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.NamedCounts>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "OldestDueMs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.NamedCounts.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("OldestDueMs"))
              .build();
        }
      }
    }
    return getOldestDueMsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CompactableBytesRequest,
      dev.tape.proto.CountResponse> getCompactableBytesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompactableBytes",
      requestType = dev.tape.proto.CompactableBytesRequest.class,
      responseType = dev.tape.proto.CountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CompactableBytesRequest,
      dev.tape.proto.CountResponse> getCompactableBytesMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CompactableBytesRequest, dev.tape.proto.CountResponse> getCompactableBytesMethod;
    if ((getCompactableBytesMethod = TapeGrpc.getCompactableBytesMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCompactableBytesMethod = TapeGrpc.getCompactableBytesMethod) == null) {
          TapeGrpc.getCompactableBytesMethod = getCompactableBytesMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CompactableBytesRequest, dev.tape.proto.CountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompactableBytes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompactableBytesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CompactableBytes"))
              .build();
        }
      }
    }
    return getCompactableBytesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CreateSessionRequest,
      dev.tape.proto.GetSessionResponse> getInsertSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "InsertSession",
      requestType = dev.tape.proto.CreateSessionRequest.class,
      responseType = dev.tape.proto.GetSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CreateSessionRequest,
      dev.tape.proto.GetSessionResponse> getInsertSessionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CreateSessionRequest, dev.tape.proto.GetSessionResponse> getInsertSessionMethod;
    if ((getInsertSessionMethod = TapeGrpc.getInsertSessionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getInsertSessionMethod = TapeGrpc.getInsertSessionMethod) == null) {
          TapeGrpc.getInsertSessionMethod = getInsertSessionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CreateSessionRequest, dev.tape.proto.GetSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "InsertSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CreateSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("InsertSession"))
              .build();
        }
      }
    }
    return getInsertSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.DeleteInvocationEventsRequest,
      dev.tape.proto.CountResponse> getDeleteInvocationEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteInvocationEvents",
      requestType = dev.tape.proto.DeleteInvocationEventsRequest.class,
      responseType = dev.tape.proto.CountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.DeleteInvocationEventsRequest,
      dev.tape.proto.CountResponse> getDeleteInvocationEventsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.DeleteInvocationEventsRequest, dev.tape.proto.CountResponse> getDeleteInvocationEventsMethod;
    if ((getDeleteInvocationEventsMethod = TapeGrpc.getDeleteInvocationEventsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDeleteInvocationEventsMethod = TapeGrpc.getDeleteInvocationEventsMethod) == null) {
          TapeGrpc.getDeleteInvocationEventsMethod = getDeleteInvocationEventsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.DeleteInvocationEventsRequest, dev.tape.proto.CountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteInvocationEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.DeleteInvocationEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DeleteInvocationEvents"))
              .build();
        }
      }
    }
    return getDeleteInvocationEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetScopedStateRequest,
      dev.tape.proto.ScopedState> getGetScopedStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetScopedState",
      requestType = dev.tape.proto.GetScopedStateRequest.class,
      responseType = dev.tape.proto.ScopedState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetScopedStateRequest,
      dev.tape.proto.ScopedState> getGetScopedStateMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetScopedStateRequest, dev.tape.proto.ScopedState> getGetScopedStateMethod;
    if ((getGetScopedStateMethod = TapeGrpc.getGetScopedStateMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetScopedStateMethod = TapeGrpc.getGetScopedStateMethod) == null) {
          TapeGrpc.getGetScopedStateMethod = getGetScopedStateMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetScopedStateRequest, dev.tape.proto.ScopedState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetScopedState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetScopedStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ScopedState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetScopedState"))
              .build();
        }
      }
    }
    return getGetScopedStateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.WriteScopedStateRequest,
      dev.tape.proto.Empty> getWriteScopedStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WriteScopedState",
      requestType = dev.tape.proto.WriteScopedStateRequest.class,
      responseType = dev.tape.proto.Empty.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.WriteScopedStateRequest,
      dev.tape.proto.Empty> getWriteScopedStateMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.WriteScopedStateRequest, dev.tape.proto.Empty> getWriteScopedStateMethod;
    if ((getWriteScopedStateMethod = TapeGrpc.getWriteScopedStateMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getWriteScopedStateMethod = TapeGrpc.getWriteScopedStateMethod) == null) {
          TapeGrpc.getWriteScopedStateMethod = getWriteScopedStateMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.WriteScopedStateRequest, dev.tape.proto.Empty>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WriteScopedState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.WriteScopedStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("WriteScopedState"))
              .build();
        }
      }
    }
    return getWriteScopedStateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.AppendScopedEventRequest,
      dev.tape.proto.AppendEventResponse> getAppendScopedEventMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AppendScopedEvent",
      requestType = dev.tape.proto.AppendScopedEventRequest.class,
      responseType = dev.tape.proto.AppendEventResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.AppendScopedEventRequest,
      dev.tape.proto.AppendEventResponse> getAppendScopedEventMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.AppendScopedEventRequest, dev.tape.proto.AppendEventResponse> getAppendScopedEventMethod;
    if ((getAppendScopedEventMethod = TapeGrpc.getAppendScopedEventMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getAppendScopedEventMethod = TapeGrpc.getAppendScopedEventMethod) == null) {
          TapeGrpc.getAppendScopedEventMethod = getAppendScopedEventMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.AppendScopedEventRequest, dev.tape.proto.AppendEventResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AppendScopedEvent"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AppendScopedEventRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AppendEventResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("AppendScopedEvent"))
              .build();
        }
      }
    }
    return getAppendScopedEventMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetReactionRequest,
      dev.tape.proto.Reaction> getGetReactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetReaction",
      requestType = dev.tape.proto.GetReactionRequest.class,
      responseType = dev.tape.proto.Reaction.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetReactionRequest,
      dev.tape.proto.Reaction> getGetReactionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetReactionRequest, dev.tape.proto.Reaction> getGetReactionMethod;
    if ((getGetReactionMethod = TapeGrpc.getGetReactionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetReactionMethod = TapeGrpc.getGetReactionMethod) == null) {
          TapeGrpc.getGetReactionMethod = getGetReactionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetReactionRequest, dev.tape.proto.Reaction>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetReaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetReactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Reaction.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetReaction"))
              .build();
        }
      }
    }
    return getGetReactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ResumeReactionRequest,
      dev.tape.proto.Reaction> getResumeReactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResumeReaction",
      requestType = dev.tape.proto.ResumeReactionRequest.class,
      responseType = dev.tape.proto.Reaction.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ResumeReactionRequest,
      dev.tape.proto.Reaction> getResumeReactionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ResumeReactionRequest, dev.tape.proto.Reaction> getResumeReactionMethod;
    if ((getResumeReactionMethod = TapeGrpc.getResumeReactionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getResumeReactionMethod = TapeGrpc.getResumeReactionMethod) == null) {
          TapeGrpc.getResumeReactionMethod = getResumeReactionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ResumeReactionRequest, dev.tape.proto.Reaction>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResumeReaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ResumeReactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Reaction.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ResumeReaction"))
              .build();
        }
      }
    }
    return getResumeReactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.ReactionLagResponse> getReactionLagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReactionLag",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.ReactionLagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.ReactionLagResponse> getReactionLagMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.ReactionLagResponse> getReactionLagMethod;
    if ((getReactionLagMethod = TapeGrpc.getReactionLagMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getReactionLagMethod = TapeGrpc.getReactionLagMethod) == null) {
          TapeGrpc.getReactionLagMethod = getReactionLagMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.ReactionLagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReactionLag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ReactionLagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ReactionLag"))
              .build();
        }
      }
    }
    return getReactionLagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.GetTaskRequest,
      dev.tape.proto.Task> getGetTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetTask",
      requestType = dev.tape.proto.GetTaskRequest.class,
      responseType = dev.tape.proto.Task.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.GetTaskRequest,
      dev.tape.proto.Task> getGetTaskMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.GetTaskRequest, dev.tape.proto.Task> getGetTaskMethod;
    if ((getGetTaskMethod = TapeGrpc.getGetTaskMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getGetTaskMethod = TapeGrpc.getGetTaskMethod) == null) {
          TapeGrpc.getGetTaskMethod = getGetTaskMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.GetTaskRequest, dev.tape.proto.Task>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Task.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("GetTask"))
              .build();
        }
      }
    }
    return getGetTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RetryTaskRequest,
      dev.tape.proto.Task> getRetryTaskMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RetryTask",
      requestType = dev.tape.proto.RetryTaskRequest.class,
      responseType = dev.tape.proto.Task.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RetryTaskRequest,
      dev.tape.proto.Task> getRetryTaskMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RetryTaskRequest, dev.tape.proto.Task> getRetryTaskMethod;
    if ((getRetryTaskMethod = TapeGrpc.getRetryTaskMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRetryTaskMethod = TapeGrpc.getRetryTaskMethod) == null) {
          TapeGrpc.getRetryTaskMethod = getRetryTaskMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RetryTaskRequest, dev.tape.proto.Task>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RetryTask"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RetryTaskRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Task.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RetryTask"))
              .build();
        }
      }
    }
    return getRetryTaskMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CountTasksRequest,
      dev.tape.proto.StatusCounts> getCountTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CountTasks",
      requestType = dev.tape.proto.CountTasksRequest.class,
      responseType = dev.tape.proto.StatusCounts.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CountTasksRequest,
      dev.tape.proto.StatusCounts> getCountTasksMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CountTasksRequest, dev.tape.proto.StatusCounts> getCountTasksMethod;
    if ((getCountTasksMethod = TapeGrpc.getCountTasksMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCountTasksMethod = TapeGrpc.getCountTasksMethod) == null) {
          TapeGrpc.getCountTasksMethod = getCountTasksMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CountTasksRequest, dev.tape.proto.StatusCounts>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CountTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CountTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.StatusCounts.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CountTasks"))
              .build();
        }
      }
    }
    return getCountTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.NamedCounts> getDueTaskCountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DueTaskCounts",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.NamedCounts.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.NamedCounts> getDueTaskCountsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.NamedCounts> getDueTaskCountsMethod;
    if ((getDueTaskCountsMethod = TapeGrpc.getDueTaskCountsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDueTaskCountsMethod = TapeGrpc.getDueTaskCountsMethod) == null) {
          TapeGrpc.getDueTaskCountsMethod = getDueTaskCountsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.NamedCounts>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DueTaskCounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.NamedCounts.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DueTaskCounts"))
              .build();
        }
      }
    }
    return getDueTaskCountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ClaimTaskBatchRequest,
      dev.tape.proto.ClaimTaskBatchResponse> getClaimTaskBatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClaimTaskBatch",
      requestType = dev.tape.proto.ClaimTaskBatchRequest.class,
      responseType = dev.tape.proto.ClaimTaskBatchResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ClaimTaskBatchRequest,
      dev.tape.proto.ClaimTaskBatchResponse> getClaimTaskBatchMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ClaimTaskBatchRequest, dev.tape.proto.ClaimTaskBatchResponse> getClaimTaskBatchMethod;
    if ((getClaimTaskBatchMethod = TapeGrpc.getClaimTaskBatchMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getClaimTaskBatchMethod = TapeGrpc.getClaimTaskBatchMethod) == null) {
          TapeGrpc.getClaimTaskBatchMethod = getClaimTaskBatchMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ClaimTaskBatchRequest, dev.tape.proto.ClaimTaskBatchResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClaimTaskBatch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimTaskBatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ClaimTaskBatchResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ClaimTaskBatch"))
              .build();
        }
      }
    }
    return getClaimTaskBatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.HeartbeatTasksRequest,
      dev.tape.proto.Names> getHeartbeatTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "HeartbeatTasks",
      requestType = dev.tape.proto.HeartbeatTasksRequest.class,
      responseType = dev.tape.proto.Names.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.HeartbeatTasksRequest,
      dev.tape.proto.Names> getHeartbeatTasksMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.HeartbeatTasksRequest, dev.tape.proto.Names> getHeartbeatTasksMethod;
    if ((getHeartbeatTasksMethod = TapeGrpc.getHeartbeatTasksMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getHeartbeatTasksMethod = TapeGrpc.getHeartbeatTasksMethod) == null) {
          TapeGrpc.getHeartbeatTasksMethod = getHeartbeatTasksMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.HeartbeatTasksRequest, dev.tape.proto.Names>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "HeartbeatTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.HeartbeatTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Names.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("HeartbeatTasks"))
              .build();
        }
      }
    }
    return getHeartbeatTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.CompleteTasksRequest,
      dev.tape.proto.CompleteTasksResponse> getCompleteTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompleteTasks",
      requestType = dev.tape.proto.CompleteTasksRequest.class,
      responseType = dev.tape.proto.CompleteTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.CompleteTasksRequest,
      dev.tape.proto.CompleteTasksResponse> getCompleteTasksMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.CompleteTasksRequest, dev.tape.proto.CompleteTasksResponse> getCompleteTasksMethod;
    if ((getCompleteTasksMethod = TapeGrpc.getCompleteTasksMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getCompleteTasksMethod = TapeGrpc.getCompleteTasksMethod) == null) {
          TapeGrpc.getCompleteTasksMethod = getCompleteTasksMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.CompleteTasksRequest, dev.tape.proto.CompleteTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompleteTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompleteTasksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CompleteTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("CompleteTasks"))
              .build();
        }
      }
    }
    return getCompleteTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.ListTasksResponse> getDeadLetterLapsedTasksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeadLetterLapsedTasks",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.ListTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.ListTasksResponse> getDeadLetterLapsedTasksMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.ListTasksResponse> getDeadLetterLapsedTasksMethod;
    if ((getDeadLetterLapsedTasksMethod = TapeGrpc.getDeadLetterLapsedTasksMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getDeadLetterLapsedTasksMethod = TapeGrpc.getDeadLetterLapsedTasksMethod) == null) {
          TapeGrpc.getDeadLetterLapsedTasksMethod = getDeadLetterLapsedTasksMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.ListTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeadLetterLapsedTasks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("DeadLetterLapsedTasks"))
              .build();
        }
      }
    }
    return getDeadLetterLapsedTasksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.PauseReactionRequest,
      dev.tape.proto.PauseReactionResponse> getPauseReactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PauseReaction",
      requestType = dev.tape.proto.PauseReactionRequest.class,
      responseType = dev.tape.proto.PauseReactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.PauseReactionRequest,
      dev.tape.proto.PauseReactionResponse> getPauseReactionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.PauseReactionRequest, dev.tape.proto.PauseReactionResponse> getPauseReactionMethod;
    if ((getPauseReactionMethod = TapeGrpc.getPauseReactionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getPauseReactionMethod = TapeGrpc.getPauseReactionMethod) == null) {
          TapeGrpc.getPauseReactionMethod = getPauseReactionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.PauseReactionRequest, dev.tape.proto.PauseReactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PauseReaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.PauseReactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.PauseReactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("PauseReaction"))
              .build();
        }
      }
    }
    return getPauseReactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ShardCursorsRequest,
      dev.tape.proto.ShardCursorsResponse> getShardCursorsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ShardCursors",
      requestType = dev.tape.proto.ShardCursorsRequest.class,
      responseType = dev.tape.proto.ShardCursorsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ShardCursorsRequest,
      dev.tape.proto.ShardCursorsResponse> getShardCursorsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ShardCursorsRequest, dev.tape.proto.ShardCursorsResponse> getShardCursorsMethod;
    if ((getShardCursorsMethod = TapeGrpc.getShardCursorsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getShardCursorsMethod = TapeGrpc.getShardCursorsMethod) == null) {
          TapeGrpc.getShardCursorsMethod = getShardCursorsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ShardCursorsRequest, dev.tape.proto.ShardCursorsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ShardCursors"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ShardCursorsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ShardCursorsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ShardCursors"))
              .build();
        }
      }
    }
    return getShardCursorsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.MatchBatchRequest,
      dev.tape.proto.ListTasksResponse> getMatchBatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "MatchBatch",
      requestType = dev.tape.proto.MatchBatchRequest.class,
      responseType = dev.tape.proto.ListTasksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.MatchBatchRequest,
      dev.tape.proto.ListTasksResponse> getMatchBatchMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.MatchBatchRequest, dev.tape.proto.ListTasksResponse> getMatchBatchMethod;
    if ((getMatchBatchMethod = TapeGrpc.getMatchBatchMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getMatchBatchMethod = TapeGrpc.getMatchBatchMethod) == null) {
          TapeGrpc.getMatchBatchMethod = getMatchBatchMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.MatchBatchRequest, dev.tape.proto.ListTasksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "MatchBatch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.MatchBatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ListTasksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("MatchBatch"))
              .build();
        }
      }
    }
    return getMatchBatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.AdvanceReactionRequest,
      dev.tape.proto.AdvanceReactionResponse> getAdvanceReactionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AdvanceReaction",
      requestType = dev.tape.proto.AdvanceReactionRequest.class,
      responseType = dev.tape.proto.AdvanceReactionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.AdvanceReactionRequest,
      dev.tape.proto.AdvanceReactionResponse> getAdvanceReactionMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.AdvanceReactionRequest, dev.tape.proto.AdvanceReactionResponse> getAdvanceReactionMethod;
    if ((getAdvanceReactionMethod = TapeGrpc.getAdvanceReactionMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getAdvanceReactionMethod = TapeGrpc.getAdvanceReactionMethod) == null) {
          TapeGrpc.getAdvanceReactionMethod = getAdvanceReactionMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.AdvanceReactionRequest, dev.tape.proto.AdvanceReactionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AdvanceReaction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AdvanceReactionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AdvanceReactionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("AdvanceReaction"))
              .build();
        }
      }
    }
    return getAdvanceReactionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.SubscribeRequest,
      dev.tape.proto.JournalEntry> getSubscribeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Subscribe",
      requestType = dev.tape.proto.SubscribeRequest.class,
      responseType = dev.tape.proto.JournalEntry.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.tape.proto.SubscribeRequest,
      dev.tape.proto.JournalEntry> getSubscribeMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.SubscribeRequest, dev.tape.proto.JournalEntry> getSubscribeMethod;
    if ((getSubscribeMethod = TapeGrpc.getSubscribeMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getSubscribeMethod = TapeGrpc.getSubscribeMethod) == null) {
          TapeGrpc.getSubscribeMethod = getSubscribeMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.SubscribeRequest, dev.tape.proto.JournalEntry>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Subscribe"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.SubscribeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.JournalEntry.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("Subscribe"))
              .build();
        }
      }
    }
    return getSubscribeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.CommitNotice> getWatchCommitsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchCommits",
      requestType = dev.tape.proto.Empty.class,
      responseType = dev.tape.proto.CommitNotice.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.tape.proto.Empty,
      dev.tape.proto.CommitNotice> getWatchCommitsMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.Empty, dev.tape.proto.CommitNotice> getWatchCommitsMethod;
    if ((getWatchCommitsMethod = TapeGrpc.getWatchCommitsMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getWatchCommitsMethod = TapeGrpc.getWatchCommitsMethod) == null) {
          TapeGrpc.getWatchCommitsMethod = getWatchCommitsMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.Empty, dev.tape.proto.CommitNotice>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchCommits"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.Empty.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.CommitNotice.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("WatchCommits"))
              .build();
        }
      }
    }
    return getWatchCommitsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.MarkConnectorMissingRequest,
      dev.tape.proto.GetEffectResponse> getMarkConnectorMissingMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "MarkConnectorMissing",
      requestType = dev.tape.proto.MarkConnectorMissingRequest.class,
      responseType = dev.tape.proto.GetEffectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.MarkConnectorMissingRequest,
      dev.tape.proto.GetEffectResponse> getMarkConnectorMissingMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.MarkConnectorMissingRequest, dev.tape.proto.GetEffectResponse> getMarkConnectorMissingMethod;
    if ((getMarkConnectorMissingMethod = TapeGrpc.getMarkConnectorMissingMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getMarkConnectorMissingMethod = TapeGrpc.getMarkConnectorMissingMethod) == null) {
          TapeGrpc.getMarkConnectorMissingMethod = getMarkConnectorMissingMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.MarkConnectorMissingRequest, dev.tape.proto.GetEffectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "MarkConnectorMissing"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.MarkConnectorMissingRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.GetEffectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("MarkConnectorMissing"))
              .build();
        }
      }
    }
    return getMarkConnectorMissingMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.AcceptedDivergencesRequest,
      dev.tape.proto.AcceptedDivergencesResponse> getAcceptedDivergencesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AcceptedDivergences",
      requestType = dev.tape.proto.AcceptedDivergencesRequest.class,
      responseType = dev.tape.proto.AcceptedDivergencesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.AcceptedDivergencesRequest,
      dev.tape.proto.AcceptedDivergencesResponse> getAcceptedDivergencesMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.AcceptedDivergencesRequest, dev.tape.proto.AcceptedDivergencesResponse> getAcceptedDivergencesMethod;
    if ((getAcceptedDivergencesMethod = TapeGrpc.getAcceptedDivergencesMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getAcceptedDivergencesMethod = TapeGrpc.getAcceptedDivergencesMethod) == null) {
          TapeGrpc.getAcceptedDivergencesMethod = getAcceptedDivergencesMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.AcceptedDivergencesRequest, dev.tape.proto.AcceptedDivergencesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AcceptedDivergences"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AcceptedDivergencesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.AcceptedDivergencesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("AcceptedDivergences"))
              .build();
        }
      }
    }
    return getAcceptedDivergencesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.ForkRunRequest,
      dev.tape.proto.RunState> getForkRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ForkRun",
      requestType = dev.tape.proto.ForkRunRequest.class,
      responseType = dev.tape.proto.RunState.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.ForkRunRequest,
      dev.tape.proto.RunState> getForkRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.ForkRunRequest, dev.tape.proto.RunState> getForkRunMethod;
    if ((getForkRunMethod = TapeGrpc.getForkRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getForkRunMethod = TapeGrpc.getForkRunMethod) == null) {
          TapeGrpc.getForkRunMethod = getForkRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.ForkRunRequest, dev.tape.proto.RunState>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ForkRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.ForkRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunState.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("ForkRun"))
              .build();
        }
      }
    }
    return getForkRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.LinkRunRequest,
      dev.tape.proto.LinkRunResponse> getLinkRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LinkRun",
      requestType = dev.tape.proto.LinkRunRequest.class,
      responseType = dev.tape.proto.LinkRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.LinkRunRequest,
      dev.tape.proto.LinkRunResponse> getLinkRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.LinkRunRequest, dev.tape.proto.LinkRunResponse> getLinkRunMethod;
    if ((getLinkRunMethod = TapeGrpc.getLinkRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getLinkRunMethod = TapeGrpc.getLinkRunMethod) == null) {
          TapeGrpc.getLinkRunMethod = getLinkRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.LinkRunRequest, dev.tape.proto.LinkRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LinkRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.LinkRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.LinkRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("LinkRun"))
              .build();
        }
      }
    }
    return getLinkRunMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.RunTreeRequest,
      dev.tape.proto.RunTreeResponse> getRunTreeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RunTree",
      requestType = dev.tape.proto.RunTreeRequest.class,
      responseType = dev.tape.proto.RunTreeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.RunTreeRequest,
      dev.tape.proto.RunTreeResponse> getRunTreeMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.RunTreeRequest, dev.tape.proto.RunTreeResponse> getRunTreeMethod;
    if ((getRunTreeMethod = TapeGrpc.getRunTreeMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getRunTreeMethod = TapeGrpc.getRunTreeMethod) == null) {
          TapeGrpc.getRunTreeMethod = getRunTreeMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.RunTreeRequest, dev.tape.proto.RunTreeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RunTree"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunTreeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.RunTreeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("RunTree"))
              .build();
        }
      }
    }
    return getRunTreeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.tape.proto.UndoRunRequest,
      dev.tape.proto.UndoRunResponse> getUndoRunMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UndoRun",
      requestType = dev.tape.proto.UndoRunRequest.class,
      responseType = dev.tape.proto.UndoRunResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.tape.proto.UndoRunRequest,
      dev.tape.proto.UndoRunResponse> getUndoRunMethod() {
    io.grpc.MethodDescriptor<dev.tape.proto.UndoRunRequest, dev.tape.proto.UndoRunResponse> getUndoRunMethod;
    if ((getUndoRunMethod = TapeGrpc.getUndoRunMethod) == null) {
      synchronized (TapeGrpc.class) {
        if ((getUndoRunMethod = TapeGrpc.getUndoRunMethod) == null) {
          TapeGrpc.getUndoRunMethod = getUndoRunMethod =
              io.grpc.MethodDescriptor.<dev.tape.proto.UndoRunRequest, dev.tape.proto.UndoRunResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UndoRun"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.UndoRunRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.tape.proto.UndoRunResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TapeMethodDescriptorSupplier("UndoRun"))
              .build();
        }
      }
    }
    return getUndoRunMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TapeStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TapeStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TapeStub>() {
        @java.lang.Override
        public TapeStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TapeStub(channel, callOptions);
        }
      };
    return TapeStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TapeBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TapeBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TapeBlockingStub>() {
        @java.lang.Override
        public TapeBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TapeBlockingStub(channel, callOptions);
        }
      };
    return TapeBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TapeFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TapeFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TapeFutureStub>() {
        @java.lang.Override
        public TapeFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TapeFutureStub(channel, callOptions);
        }
      };
    return TapeFutureStub.newStub(factory, channel);
  }

  /**
   */
  public static abstract class TapeImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Run lifecycle.
     * </pre>
     */
    public void beginRun(dev.tape.proto.BeginRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBeginRunMethod(), responseObserver);
    }

    /**
     */
    public void resumeRun(dev.tape.proto.ResumeRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ResumeRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResumeRunMethod(), responseObserver);
    }

    /**
     */
    public void endRun(dev.tape.proto.EndRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EndRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getEndRunMethod(), responseObserver);
    }

    /**
     */
    public void getRun(dev.tape.proto.GetRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRunMethod(), responseObserver);
    }

    /**
     */
    public void stampRunVersion(dev.tape.proto.StampRunVersionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getStampRunVersionMethod(), responseObserver);
    }

    /**
     */
    public void divergeRun(dev.tape.proto.DivergeRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDivergeRunMethod(), responseObserver);
    }

    /**
     */
    public void resolveDivergence(dev.tape.proto.ResolveDivergenceRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResolveDivergenceMethod(), responseObserver);
    }

    /**
     */
    public void listRunsToRecover(dev.tape.proto.ListRunsToRecoverRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsToRecoverResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRunsToRecoverMethod(), responseObserver);
    }

    /**
     */
    public void subscribeRun(dev.tape.proto.SubscribeRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.JournalEntry> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubscribeRunMethod(), responseObserver);
    }

    /**
     */
    public void listCompactableRuns(dev.tape.proto.ListCompactableRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListCompactableRunsMethod(), responseObserver);
    }

    /**
     */
    public void compactRun(dev.tape.proto.CompactRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CompactRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompactRunMethod(), responseObserver);
    }

    /**
     * <pre>
     * Decision ledger.
     * </pre>
     */
    public void recordDecision(dev.tape.proto.RecordDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DecisionRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordDecisionMethod(), responseObserver);
    }

    /**
     */
    public void getDecision(dev.tape.proto.GetDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetDecisionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetDecisionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Effect ledger.
     * </pre>
     */
    public void beginEffect(dev.tape.proto.BeginEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginEffectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBeginEffectMethod(), responseObserver);
    }

    /**
     */
    public void completeEffect(dev.tape.proto.CompleteEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompleteEffectMethod(), responseObserver);
    }

    /**
     */
    public void getEffect(dev.tape.proto.GetEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetEffectMethod(), responseObserver);
    }

    /**
     */
    public void reconcileEffect(dev.tape.proto.ReconcileEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReconcileEffectMethod(), responseObserver);
    }

    /**
     */
    public void listPendingEffects(dev.tape.proto.ListPendingEffectsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListPendingEffectsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPendingEffectsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Outbox dispatch.
     * </pre>
     */
    public void listEffectsToDispatch(dev.tape.proto.ListEffectsToDispatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListEffectsToDispatchResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListEffectsToDispatchMethod(), responseObserver);
    }

    /**
     */
    public void claimEffectDispatch(dev.tape.proto.ClaimEffectDispatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimEffectDispatchResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimEffectDispatchMethod(), responseObserver);
    }

    /**
     */
    public void recordDispatchAttempt(dev.tape.proto.RecordDispatchAttemptRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordDispatchAttemptMethod(), responseObserver);
    }

    /**
     */
    public void recordExternalObservation(dev.tape.proto.RecordExternalObservationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordExternalObservationMethod(), responseObserver);
    }

    /**
     * <pre>
     * Obligations (compensation).
     * </pre>
     */
    public void registerCompensation(dev.tape.proto.RegisterCompensationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterCompensationMethod(), responseObserver);
    }

    /**
     */
    public void listObligations(dev.tape.proto.ListObligationsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListObligationsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListObligationsMethod(), responseObserver);
    }

    /**
     */
    public void resolveObligation(dev.tape.proto.ResolveObligationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResolveObligationMethod(), responseObserver);
    }

    /**
     */
    public void listUnresolvedObligations(dev.tape.proto.ListUnresolvedObligationsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListUnresolvedObligationsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListUnresolvedObligationsMethod(), responseObserver);
    }

    /**
     */
    public void claimObligation(dev.tape.proto.ClaimObligationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimObligationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimObligationMethod(), responseObserver);
    }

    /**
     */
    public void recordObligationAttempt(dev.tape.proto.RecordObligationAttemptRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordObligationAttemptMethod(), responseObserver);
    }

    /**
     * <pre>
     * Budget.
     * </pre>
     */
    public void setBudget(dev.tape.proto.SetBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetBudgetMethod(), responseObserver);
    }

    /**
     */
    public void admitBudget(dev.tape.proto.AdmitBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AdmitBudgetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAdmitBudgetMethod(), responseObserver);
    }

    /**
     */
    public void chargeBudget(dev.tape.proto.ChargeBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getChargeBudgetMethod(), responseObserver);
    }

    /**
     * <pre>
     * Model calls in flight (a decision begun before the model is called).
     * </pre>
     */
    public void beginDecision(dev.tape.proto.BeginDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginDecisionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBeginDecisionMethod(), responseObserver);
    }

    /**
     */
    public void failDecisionCall(dev.tape.proto.FailDecisionCallRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.FailDecisionCallResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFailDecisionCallMethod(), responseObserver);
    }

    /**
     * <pre>
     * Gates / signals.
     * </pre>
     */
    public void awaitSignal(dev.tape.proto.AwaitSignalRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AwaitSignalResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAwaitSignalMethod(), responseObserver);
    }

    /**
     */
    public void sendSignal(dev.tape.proto.SendSignalRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.SendSignalResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSendSignalMethod(), responseObserver);
    }

    /**
     * <pre>
     * Timers.
     * </pre>
     */
    public void setTimer(dev.tape.proto.SetTimerRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.TimerRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetTimerMethod(), responseObserver);
    }

    /**
     */
    public void cancelTimer(dev.tape.proto.CancelTimerRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CancelTimerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCancelTimerMethod(), responseObserver);
    }

    /**
     */
    public void listDueTimers(dev.tape.proto.ListDueTimersRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListDueTimersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListDueTimersMethod(), responseObserver);
    }

    /**
     * <pre>
     * The journal tail.
     * </pre>
     */
    public void subscribeEvents(dev.tape.proto.SubscribeEventsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EventEntry> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubscribeEventsMethod(), responseObserver);
    }

    /**
     */
    public void subscribeBySubject(dev.tape.proto.SubscribeBySubjectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EventEntry> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubscribeBySubjectMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus).
     * </pre>
     */
    public void registerReaction(dev.tape.proto.Reaction request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Reaction> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterReactionMethod(), responseObserver);
    }

    /**
     */
    public void deregisterReaction(dev.tape.proto.DeregisterReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DeregisterReactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeregisterReactionMethod(), responseObserver);
    }

    /**
     */
    public void listReactions(dev.tape.proto.ListReactionsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListReactionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListReactionsMethod(), responseObserver);
    }

    /**
     */
    public void claimTasks(dev.tape.proto.ClaimTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimTasksMethod(), responseObserver);
    }

    /**
     */
    public void completeTask(dev.tape.proto.CompleteTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CompleteTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompleteTaskMethod(), responseObserver);
    }

    /**
     */
    public void nackTask(dev.tape.proto.NackTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.NackTaskResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getNackTaskMethod(), responseObserver);
    }

    /**
     */
    public void listTasks(dev.tape.proto.ListTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTasksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Versioned key-value store.
     * </pre>
     */
    public void writeValue(dev.tape.proto.WriteValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ValueRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWriteValueMethod(), responseObserver);
    }

    /**
     */
    public void getValue(dev.tape.proto.GetValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetValueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetValueMethod(), responseObserver);
    }

    /**
     */
    public void watchValue(dev.tape.proto.WatchValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ValueEvent> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchValueMethod(), responseObserver);
    }

    /**
     */
    public void deleteValue(dev.tape.proto.DeleteValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DeleteValueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteValueMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sessions.
     * </pre>
     */
    public void createSession(dev.tape.proto.CreateSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Session> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateSessionMethod(), responseObserver);
    }

    /**
     */
    public void getSession(dev.tape.proto.GetSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSessionMethod(), responseObserver);
    }

    /**
     */
    public void listSessions(dev.tape.proto.ListSessionsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListSessionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSessionsMethod(), responseObserver);
    }

    /**
     */
    public void deleteSession(dev.tape.proto.DeleteSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DeleteSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteSessionMethod(), responseObserver);
    }

    /**
     */
    public void appendEvent(dev.tape.proto.AppendEventRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AppendEventResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAppendEventMethod(), responseObserver);
    }

    /**
     * <pre>
     * tape's own journal methods (no RPC of the original): operators, reactors, bulk paths.
     * </pre>
     */
    public void createRun(dev.tape.proto.CreateRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateRunMethod(), responseObserver);
    }

    /**
     */
    public void releaseRun(dev.tape.proto.ReleaseRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReleaseRunMethod(), responseObserver);
    }

    /**
     */
    public void listRuns(dev.tape.proto.ListRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRunsMethod(), responseObserver);
    }

    /**
     */
    public void countDecisions(dev.tape.proto.CountDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountDecisionsMethod(), responseObserver);
    }

    /**
     */
    public void beginEffects(dev.tape.proto.BeginEffectsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBeginEffectsMethod(), responseObserver);
    }

    /**
     */
    public void listEffects(dev.tape.proto.ListEffectsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListEffectsMethod(), responseObserver);
    }

    /**
     */
    public void claimEffectsToDispatch(dev.tape.proto.ClaimEffectsToDispatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimEffectsToDispatchMethod(), responseObserver);
    }

    /**
     */
    public void recordDispatchOutcomes(dev.tape.proto.RecordDispatchOutcomesRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RecordDispatchOutcomesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordDispatchOutcomesMethod(), responseObserver);
    }

    /**
     */
    public void expireDispatchClaims(dev.tape.proto.ExpireDispatchClaimsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExpireDispatchClaimsMethod(), responseObserver);
    }

    /**
     */
    public void claimEffectsToReconcile(dev.tape.proto.ClaimEffectsToReconcileRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimEffectsToReconcileMethod(), responseObserver);
    }

    /**
     */
    public void claimEffectToReconcile(dev.tape.proto.ClaimEffectToReconcileRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimEffectToReconcileMethod(), responseObserver);
    }

    /**
     */
    public void resolveEffect(dev.tape.proto.ResolveEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResolveEffectMethod(), responseObserver);
    }

    /**
     */
    public void settleCompensatingRuns(dev.tape.proto.SettleCompensatingRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSettleCompensatingRunsMethod(), responseObserver);
    }

    /**
     */
    public void requestRedrive(dev.tape.proto.RequestRedriveRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RequestRedriveResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRequestRedriveMethod(), responseObserver);
    }

    /**
     */
    public void countRedrive(dev.tape.proto.CountRedriveRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountRedriveMethod(), responseObserver);
    }

    /**
     */
    public void claimObligationNow(dev.tape.proto.ClaimObligationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimObligationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimObligationNowMethod(), responseObserver);
    }

    /**
     */
    public void getBudget(dev.tape.proto.GetBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetBudgetMethod(), responseObserver);
    }

    /**
     */
    public void markTimerFired(dev.tape.proto.MarkTimerFiredRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.TimerRecord> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getMarkTimerFiredMethod(), responseObserver);
    }

    /**
     */
    public void readJournal(dev.tape.proto.ReadJournalRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ReadJournalResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadJournalMethod(), responseObserver);
    }

    /**
     * <pre>
     * Browse and counts (tape status, the dashboard, tape runs).
     * </pre>
     */
    public void searchRuns(dev.tape.proto.SearchRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSearchRunsMethod(), responseObserver);
    }

    /**
     */
    public void resolveRunId(dev.tape.proto.ResolveRunIdRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ResolveRunIdResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResolveRunIdMethod(), responseObserver);
    }

    /**
     */
    public void listAppNames(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Names> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAppNamesMethod(), responseObserver);
    }

    /**
     */
    public void listBusinessKeys(dev.tape.proto.ListBusinessKeysRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BusinessKeysResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListBusinessKeysMethod(), responseObserver);
    }

    /**
     */
    public void countRunsByStatus(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountRunsByStatusMethod(), responseObserver);
    }

    /**
     */
    public void countEffectsByStatus(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountEffectsByStatusMethod(), responseObserver);
    }

    /**
     */
    public void countObligationsByStatus(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountObligationsByStatusMethod(), responseObserver);
    }

    /**
     */
    public void countStuckEffects(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountStuckEffectsMethod(), responseObserver);
    }

    /**
     */
    public void oldestDueMs(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.NamedCounts> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getOldestDueMsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Compaction.
     * </pre>
     */
    public void compactableBytes(dev.tape.proto.CompactableBytesRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompactableBytesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sessions (ADK's TapeSessionService).
     * </pre>
     */
    public void insertSession(dev.tape.proto.CreateSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getInsertSessionMethod(), responseObserver);
    }

    /**
     */
    public void deleteInvocationEvents(dev.tape.proto.DeleteInvocationEventsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteInvocationEventsMethod(), responseObserver);
    }

    /**
     */
    public void getScopedState(dev.tape.proto.GetScopedStateRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ScopedState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetScopedStateMethod(), responseObserver);
    }

    /**
     */
    public void writeScopedState(dev.tape.proto.WriteScopedStateRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Empty> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWriteScopedStateMethod(), responseObserver);
    }

    /**
     */
    public void appendScopedEvent(dev.tape.proto.AppendScopedEventRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AppendEventResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAppendScopedEventMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus and its operators).
     * </pre>
     */
    public void getReaction(dev.tape.proto.GetReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Reaction> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetReactionMethod(), responseObserver);
    }

    /**
     */
    public void resumeReaction(dev.tape.proto.ResumeReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Reaction> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResumeReactionMethod(), responseObserver);
    }

    /**
     */
    public void reactionLag(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ReactionLagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReactionLagMethod(), responseObserver);
    }

    /**
     */
    public void getTask(dev.tape.proto.GetTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Task> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetTaskMethod(), responseObserver);
    }

    /**
     */
    public void retryTask(dev.tape.proto.RetryTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Task> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRetryTaskMethod(), responseObserver);
    }

    /**
     */
    public void countTasks(dev.tape.proto.CountTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCountTasksMethod(), responseObserver);
    }

    /**
     */
    public void dueTaskCounts(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.NamedCounts> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDueTaskCountsMethod(), responseObserver);
    }

    /**
     */
    public void claimTaskBatch(dev.tape.proto.ClaimTaskBatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimTaskBatchResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClaimTaskBatchMethod(), responseObserver);
    }

    /**
     */
    public void heartbeatTasks(dev.tape.proto.HeartbeatTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Names> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getHeartbeatTasksMethod(), responseObserver);
    }

    /**
     */
    public void completeTasks(dev.tape.proto.CompleteTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CompleteTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompleteTasksMethod(), responseObserver);
    }

    /**
     */
    public void deadLetterLapsedTasks(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeadLetterLapsedTasksMethod(), responseObserver);
    }

    /**
     * <pre>
     * The matcher's steps (Journal.matching()): the client reads the rows and evaluates the
     * predicates, the server applies each reaction's batch in one transaction.
     * </pre>
     */
    public void pauseReaction(dev.tape.proto.PauseReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.PauseReactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPauseReactionMethod(), responseObserver);
    }

    /**
     */
    public void shardCursors(dev.tape.proto.ShardCursorsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ShardCursorsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getShardCursorsMethod(), responseObserver);
    }

    /**
     */
    public void matchBatch(dev.tape.proto.MatchBatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getMatchBatchMethod(), responseObserver);
    }

    /**
     */
    public void advanceReaction(dev.tape.proto.AdvanceReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AdvanceReactionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAdvanceReactionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Live reading: Journal.subscribe, and Journal.commit_waker (the journal head as it moves).
     * </pre>
     */
    public void subscribe(dev.tape.proto.SubscribeRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.JournalEntry> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubscribeMethod(), responseObserver);
    }

    /**
     */
    public void watchCommits(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CommitNotice> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchCommitsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Outbox, divergence, composed runs.
     * </pre>
     */
    public void markConnectorMissing(dev.tape.proto.MarkConnectorMissingRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getMarkConnectorMissingMethod(), responseObserver);
    }

    /**
     */
    public void acceptedDivergences(dev.tape.proto.AcceptedDivergencesRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AcceptedDivergencesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAcceptedDivergencesMethod(), responseObserver);
    }

    /**
     */
    public void forkRun(dev.tape.proto.ForkRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getForkRunMethod(), responseObserver);
    }

    /**
     */
    public void linkRun(dev.tape.proto.LinkRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.LinkRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLinkRunMethod(), responseObserver);
    }

    /**
     */
    public void runTree(dev.tape.proto.RunTreeRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunTreeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRunTreeMethod(), responseObserver);
    }

    /**
     */
    public void undoRun(dev.tape.proto.UndoRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.UndoRunResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUndoRunMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getBeginRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.BeginRunRequest,
                dev.tape.proto.BeginRunResponse>(
                  this, METHODID_BEGIN_RUN)))
          .addMethod(
            getResumeRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ResumeRunRequest,
                dev.tape.proto.ResumeRunResponse>(
                  this, METHODID_RESUME_RUN)))
          .addMethod(
            getEndRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.EndRunRequest,
                dev.tape.proto.EndRunResponse>(
                  this, METHODID_END_RUN)))
          .addMethod(
            getGetRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetRunRequest,
                dev.tape.proto.RunState>(
                  this, METHODID_GET_RUN)))
          .addMethod(
            getStampRunVersionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.StampRunVersionRequest,
                dev.tape.proto.RunState>(
                  this, METHODID_STAMP_RUN_VERSION)))
          .addMethod(
            getDivergeRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.DivergeRunRequest,
                dev.tape.proto.RunState>(
                  this, METHODID_DIVERGE_RUN)))
          .addMethod(
            getResolveDivergenceMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ResolveDivergenceRequest,
                dev.tape.proto.RunState>(
                  this, METHODID_RESOLVE_DIVERGENCE)))
          .addMethod(
            getListRunsToRecoverMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListRunsToRecoverRequest,
                dev.tape.proto.ListRunsToRecoverResponse>(
                  this, METHODID_LIST_RUNS_TO_RECOVER)))
          .addMethod(
            getSubscribeRunMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.tape.proto.SubscribeRunRequest,
                dev.tape.proto.JournalEntry>(
                  this, METHODID_SUBSCRIBE_RUN)))
          .addMethod(
            getListCompactableRunsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListCompactableRunsRequest,
                dev.tape.proto.ListRunsResponse>(
                  this, METHODID_LIST_COMPACTABLE_RUNS)))
          .addMethod(
            getCompactRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CompactRunRequest,
                dev.tape.proto.CompactRunResponse>(
                  this, METHODID_COMPACT_RUN)))
          .addMethod(
            getRecordDecisionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RecordDecisionRequest,
                dev.tape.proto.DecisionRecord>(
                  this, METHODID_RECORD_DECISION)))
          .addMethod(
            getGetDecisionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetDecisionRequest,
                dev.tape.proto.GetDecisionResponse>(
                  this, METHODID_GET_DECISION)))
          .addMethod(
            getBeginEffectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.BeginEffectRequest,
                dev.tape.proto.BeginEffectResponse>(
                  this, METHODID_BEGIN_EFFECT)))
          .addMethod(
            getCompleteEffectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CompleteEffectRequest,
                dev.tape.proto.EffectRecord>(
                  this, METHODID_COMPLETE_EFFECT)))
          .addMethod(
            getGetEffectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetEffectRequest,
                dev.tape.proto.GetEffectResponse>(
                  this, METHODID_GET_EFFECT)))
          .addMethod(
            getReconcileEffectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ReconcileEffectRequest,
                dev.tape.proto.EffectRecord>(
                  this, METHODID_RECONCILE_EFFECT)))
          .addMethod(
            getListPendingEffectsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListPendingEffectsRequest,
                dev.tape.proto.ListPendingEffectsResponse>(
                  this, METHODID_LIST_PENDING_EFFECTS)))
          .addMethod(
            getListEffectsToDispatchMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListEffectsToDispatchRequest,
                dev.tape.proto.ListEffectsToDispatchResponse>(
                  this, METHODID_LIST_EFFECTS_TO_DISPATCH)))
          .addMethod(
            getClaimEffectDispatchMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimEffectDispatchRequest,
                dev.tape.proto.ClaimEffectDispatchResponse>(
                  this, METHODID_CLAIM_EFFECT_DISPATCH)))
          .addMethod(
            getRecordDispatchAttemptMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RecordDispatchAttemptRequest,
                dev.tape.proto.EffectRecord>(
                  this, METHODID_RECORD_DISPATCH_ATTEMPT)))
          .addMethod(
            getRecordExternalObservationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RecordExternalObservationRequest,
                dev.tape.proto.EffectRecord>(
                  this, METHODID_RECORD_EXTERNAL_OBSERVATION)))
          .addMethod(
            getRegisterCompensationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RegisterCompensationRequest,
                dev.tape.proto.ObligationRecord>(
                  this, METHODID_REGISTER_COMPENSATION)))
          .addMethod(
            getListObligationsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListObligationsRequest,
                dev.tape.proto.ListObligationsResponse>(
                  this, METHODID_LIST_OBLIGATIONS)))
          .addMethod(
            getResolveObligationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ResolveObligationRequest,
                dev.tape.proto.ObligationRecord>(
                  this, METHODID_RESOLVE_OBLIGATION)))
          .addMethod(
            getListUnresolvedObligationsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListUnresolvedObligationsRequest,
                dev.tape.proto.ListUnresolvedObligationsResponse>(
                  this, METHODID_LIST_UNRESOLVED_OBLIGATIONS)))
          .addMethod(
            getClaimObligationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimObligationRequest,
                dev.tape.proto.ClaimObligationResponse>(
                  this, METHODID_CLAIM_OBLIGATION)))
          .addMethod(
            getRecordObligationAttemptMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RecordObligationAttemptRequest,
                dev.tape.proto.ObligationRecord>(
                  this, METHODID_RECORD_OBLIGATION_ATTEMPT)))
          .addMethod(
            getSetBudgetMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.SetBudgetRequest,
                dev.tape.proto.BudgetState>(
                  this, METHODID_SET_BUDGET)))
          .addMethod(
            getAdmitBudgetMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.AdmitBudgetRequest,
                dev.tape.proto.AdmitBudgetResponse>(
                  this, METHODID_ADMIT_BUDGET)))
          .addMethod(
            getChargeBudgetMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ChargeBudgetRequest,
                dev.tape.proto.BudgetState>(
                  this, METHODID_CHARGE_BUDGET)))
          .addMethod(
            getBeginDecisionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.BeginDecisionRequest,
                dev.tape.proto.BeginDecisionResponse>(
                  this, METHODID_BEGIN_DECISION)))
          .addMethod(
            getFailDecisionCallMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.FailDecisionCallRequest,
                dev.tape.proto.FailDecisionCallResponse>(
                  this, METHODID_FAIL_DECISION_CALL)))
          .addMethod(
            getAwaitSignalMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.AwaitSignalRequest,
                dev.tape.proto.AwaitSignalResponse>(
                  this, METHODID_AWAIT_SIGNAL)))
          .addMethod(
            getSendSignalMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.SendSignalRequest,
                dev.tape.proto.SendSignalResponse>(
                  this, METHODID_SEND_SIGNAL)))
          .addMethod(
            getSetTimerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.SetTimerRequest,
                dev.tape.proto.TimerRecord>(
                  this, METHODID_SET_TIMER)))
          .addMethod(
            getCancelTimerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CancelTimerRequest,
                dev.tape.proto.CancelTimerResponse>(
                  this, METHODID_CANCEL_TIMER)))
          .addMethod(
            getListDueTimersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListDueTimersRequest,
                dev.tape.proto.ListDueTimersResponse>(
                  this, METHODID_LIST_DUE_TIMERS)))
          .addMethod(
            getSubscribeEventsMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.tape.proto.SubscribeEventsRequest,
                dev.tape.proto.EventEntry>(
                  this, METHODID_SUBSCRIBE_EVENTS)))
          .addMethod(
            getSubscribeBySubjectMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.tape.proto.SubscribeBySubjectRequest,
                dev.tape.proto.EventEntry>(
                  this, METHODID_SUBSCRIBE_BY_SUBJECT)))
          .addMethod(
            getRegisterReactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Reaction,
                dev.tape.proto.Reaction>(
                  this, METHODID_REGISTER_REACTION)))
          .addMethod(
            getDeregisterReactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.DeregisterReactionRequest,
                dev.tape.proto.DeregisterReactionResponse>(
                  this, METHODID_DEREGISTER_REACTION)))
          .addMethod(
            getListReactionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListReactionsRequest,
                dev.tape.proto.ListReactionsResponse>(
                  this, METHODID_LIST_REACTIONS)))
          .addMethod(
            getClaimTasksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimTasksRequest,
                dev.tape.proto.ClaimTasksResponse>(
                  this, METHODID_CLAIM_TASKS)))
          .addMethod(
            getCompleteTaskMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CompleteTaskRequest,
                dev.tape.proto.CompleteTaskResponse>(
                  this, METHODID_COMPLETE_TASK)))
          .addMethod(
            getNackTaskMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.NackTaskRequest,
                dev.tape.proto.NackTaskResponse>(
                  this, METHODID_NACK_TASK)))
          .addMethod(
            getListTasksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListTasksRequest,
                dev.tape.proto.ListTasksResponse>(
                  this, METHODID_LIST_TASKS)))
          .addMethod(
            getWriteValueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.WriteValueRequest,
                dev.tape.proto.ValueRecord>(
                  this, METHODID_WRITE_VALUE)))
          .addMethod(
            getGetValueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetValueRequest,
                dev.tape.proto.GetValueResponse>(
                  this, METHODID_GET_VALUE)))
          .addMethod(
            getWatchValueMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.tape.proto.WatchValueRequest,
                dev.tape.proto.ValueEvent>(
                  this, METHODID_WATCH_VALUE)))
          .addMethod(
            getDeleteValueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.DeleteValueRequest,
                dev.tape.proto.DeleteValueResponse>(
                  this, METHODID_DELETE_VALUE)))
          .addMethod(
            getCreateSessionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CreateSessionRequest,
                dev.tape.proto.Session>(
                  this, METHODID_CREATE_SESSION)))
          .addMethod(
            getGetSessionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetSessionRequest,
                dev.tape.proto.GetSessionResponse>(
                  this, METHODID_GET_SESSION)))
          .addMethod(
            getListSessionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListSessionsRequest,
                dev.tape.proto.ListSessionsResponse>(
                  this, METHODID_LIST_SESSIONS)))
          .addMethod(
            getDeleteSessionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.DeleteSessionRequest,
                dev.tape.proto.DeleteSessionResponse>(
                  this, METHODID_DELETE_SESSION)))
          .addMethod(
            getAppendEventMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.AppendEventRequest,
                dev.tape.proto.AppendEventResponse>(
                  this, METHODID_APPEND_EVENT)))
          .addMethod(
            getCreateRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CreateRunRequest,
                dev.tape.proto.BeginRunResponse>(
                  this, METHODID_CREATE_RUN)))
          .addMethod(
            getReleaseRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ReleaseRunRequest,
                dev.tape.proto.RunState>(
                  this, METHODID_RELEASE_RUN)))
          .addMethod(
            getListRunsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListRunsRequest,
                dev.tape.proto.ListRunsResponse>(
                  this, METHODID_LIST_RUNS)))
          .addMethod(
            getCountDecisionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CountDecisionsRequest,
                dev.tape.proto.CountResponse>(
                  this, METHODID_COUNT_DECISIONS)))
          .addMethod(
            getBeginEffectsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.BeginEffectsRequest,
                dev.tape.proto.EffectList>(
                  this, METHODID_BEGIN_EFFECTS)))
          .addMethod(
            getListEffectsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListEffectsRequest,
                dev.tape.proto.EffectList>(
                  this, METHODID_LIST_EFFECTS)))
          .addMethod(
            getClaimEffectsToDispatchMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimEffectsToDispatchRequest,
                dev.tape.proto.EffectList>(
                  this, METHODID_CLAIM_EFFECTS_TO_DISPATCH)))
          .addMethod(
            getRecordDispatchOutcomesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RecordDispatchOutcomesRequest,
                dev.tape.proto.RecordDispatchOutcomesResponse>(
                  this, METHODID_RECORD_DISPATCH_OUTCOMES)))
          .addMethod(
            getExpireDispatchClaimsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ExpireDispatchClaimsRequest,
                dev.tape.proto.EffectList>(
                  this, METHODID_EXPIRE_DISPATCH_CLAIMS)))
          .addMethod(
            getClaimEffectsToReconcileMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimEffectsToReconcileRequest,
                dev.tape.proto.EffectList>(
                  this, METHODID_CLAIM_EFFECTS_TO_RECONCILE)))
          .addMethod(
            getClaimEffectToReconcileMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimEffectToReconcileRequest,
                dev.tape.proto.GetEffectResponse>(
                  this, METHODID_CLAIM_EFFECT_TO_RECONCILE)))
          .addMethod(
            getResolveEffectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ResolveEffectRequest,
                dev.tape.proto.EffectRecord>(
                  this, METHODID_RESOLVE_EFFECT)))
          .addMethod(
            getSettleCompensatingRunsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.SettleCompensatingRunsRequest,
                dev.tape.proto.ListRunsResponse>(
                  this, METHODID_SETTLE_COMPENSATING_RUNS)))
          .addMethod(
            getRequestRedriveMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RequestRedriveRequest,
                dev.tape.proto.RequestRedriveResponse>(
                  this, METHODID_REQUEST_REDRIVE)))
          .addMethod(
            getCountRedriveMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CountRedriveRequest,
                dev.tape.proto.Empty>(
                  this, METHODID_COUNT_REDRIVE)))
          .addMethod(
            getClaimObligationNowMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimObligationRequest,
                dev.tape.proto.ClaimObligationResponse>(
                  this, METHODID_CLAIM_OBLIGATION_NOW)))
          .addMethod(
            getGetBudgetMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetBudgetRequest,
                dev.tape.proto.BudgetState>(
                  this, METHODID_GET_BUDGET)))
          .addMethod(
            getMarkTimerFiredMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.MarkTimerFiredRequest,
                dev.tape.proto.TimerRecord>(
                  this, METHODID_MARK_TIMER_FIRED)))
          .addMethod(
            getReadJournalMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ReadJournalRequest,
                dev.tape.proto.ReadJournalResponse>(
                  this, METHODID_READ_JOURNAL)))
          .addMethod(
            getSearchRunsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.SearchRunsRequest,
                dev.tape.proto.ListRunsResponse>(
                  this, METHODID_SEARCH_RUNS)))
          .addMethod(
            getResolveRunIdMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ResolveRunIdRequest,
                dev.tape.proto.ResolveRunIdResponse>(
                  this, METHODID_RESOLVE_RUN_ID)))
          .addMethod(
            getListAppNamesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.Names>(
                  this, METHODID_LIST_APP_NAMES)))
          .addMethod(
            getListBusinessKeysMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ListBusinessKeysRequest,
                dev.tape.proto.BusinessKeysResponse>(
                  this, METHODID_LIST_BUSINESS_KEYS)))
          .addMethod(
            getCountRunsByStatusMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.StatusCounts>(
                  this, METHODID_COUNT_RUNS_BY_STATUS)))
          .addMethod(
            getCountEffectsByStatusMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.StatusCounts>(
                  this, METHODID_COUNT_EFFECTS_BY_STATUS)))
          .addMethod(
            getCountObligationsByStatusMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.StatusCounts>(
                  this, METHODID_COUNT_OBLIGATIONS_BY_STATUS)))
          .addMethod(
            getCountStuckEffectsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.CountResponse>(
                  this, METHODID_COUNT_STUCK_EFFECTS)))
          .addMethod(
            getOldestDueMsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.NamedCounts>(
                  this, METHODID_OLDEST_DUE_MS)))
          .addMethod(
            getCompactableBytesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CompactableBytesRequest,
                dev.tape.proto.CountResponse>(
                  this, METHODID_COMPACTABLE_BYTES)))
          .addMethod(
            getInsertSessionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CreateSessionRequest,
                dev.tape.proto.GetSessionResponse>(
                  this, METHODID_INSERT_SESSION)))
          .addMethod(
            getDeleteInvocationEventsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.DeleteInvocationEventsRequest,
                dev.tape.proto.CountResponse>(
                  this, METHODID_DELETE_INVOCATION_EVENTS)))
          .addMethod(
            getGetScopedStateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetScopedStateRequest,
                dev.tape.proto.ScopedState>(
                  this, METHODID_GET_SCOPED_STATE)))
          .addMethod(
            getWriteScopedStateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.WriteScopedStateRequest,
                dev.tape.proto.Empty>(
                  this, METHODID_WRITE_SCOPED_STATE)))
          .addMethod(
            getAppendScopedEventMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.AppendScopedEventRequest,
                dev.tape.proto.AppendEventResponse>(
                  this, METHODID_APPEND_SCOPED_EVENT)))
          .addMethod(
            getGetReactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetReactionRequest,
                dev.tape.proto.Reaction>(
                  this, METHODID_GET_REACTION)))
          .addMethod(
            getResumeReactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ResumeReactionRequest,
                dev.tape.proto.Reaction>(
                  this, METHODID_RESUME_REACTION)))
          .addMethod(
            getReactionLagMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.ReactionLagResponse>(
                  this, METHODID_REACTION_LAG)))
          .addMethod(
            getGetTaskMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.GetTaskRequest,
                dev.tape.proto.Task>(
                  this, METHODID_GET_TASK)))
          .addMethod(
            getRetryTaskMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RetryTaskRequest,
                dev.tape.proto.Task>(
                  this, METHODID_RETRY_TASK)))
          .addMethod(
            getCountTasksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CountTasksRequest,
                dev.tape.proto.StatusCounts>(
                  this, METHODID_COUNT_TASKS)))
          .addMethod(
            getDueTaskCountsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.NamedCounts>(
                  this, METHODID_DUE_TASK_COUNTS)))
          .addMethod(
            getClaimTaskBatchMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ClaimTaskBatchRequest,
                dev.tape.proto.ClaimTaskBatchResponse>(
                  this, METHODID_CLAIM_TASK_BATCH)))
          .addMethod(
            getHeartbeatTasksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.HeartbeatTasksRequest,
                dev.tape.proto.Names>(
                  this, METHODID_HEARTBEAT_TASKS)))
          .addMethod(
            getCompleteTasksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.CompleteTasksRequest,
                dev.tape.proto.CompleteTasksResponse>(
                  this, METHODID_COMPLETE_TASKS)))
          .addMethod(
            getDeadLetterLapsedTasksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.ListTasksResponse>(
                  this, METHODID_DEAD_LETTER_LAPSED_TASKS)))
          .addMethod(
            getPauseReactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.PauseReactionRequest,
                dev.tape.proto.PauseReactionResponse>(
                  this, METHODID_PAUSE_REACTION)))
          .addMethod(
            getShardCursorsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ShardCursorsRequest,
                dev.tape.proto.ShardCursorsResponse>(
                  this, METHODID_SHARD_CURSORS)))
          .addMethod(
            getMatchBatchMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.MatchBatchRequest,
                dev.tape.proto.ListTasksResponse>(
                  this, METHODID_MATCH_BATCH)))
          .addMethod(
            getAdvanceReactionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.AdvanceReactionRequest,
                dev.tape.proto.AdvanceReactionResponse>(
                  this, METHODID_ADVANCE_REACTION)))
          .addMethod(
            getSubscribeMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.tape.proto.SubscribeRequest,
                dev.tape.proto.JournalEntry>(
                  this, METHODID_SUBSCRIBE)))
          .addMethod(
            getWatchCommitsMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.tape.proto.Empty,
                dev.tape.proto.CommitNotice>(
                  this, METHODID_WATCH_COMMITS)))
          .addMethod(
            getMarkConnectorMissingMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.MarkConnectorMissingRequest,
                dev.tape.proto.GetEffectResponse>(
                  this, METHODID_MARK_CONNECTOR_MISSING)))
          .addMethod(
            getAcceptedDivergencesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.AcceptedDivergencesRequest,
                dev.tape.proto.AcceptedDivergencesResponse>(
                  this, METHODID_ACCEPTED_DIVERGENCES)))
          .addMethod(
            getForkRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.ForkRunRequest,
                dev.tape.proto.RunState>(
                  this, METHODID_FORK_RUN)))
          .addMethod(
            getLinkRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.LinkRunRequest,
                dev.tape.proto.LinkRunResponse>(
                  this, METHODID_LINK_RUN)))
          .addMethod(
            getRunTreeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.RunTreeRequest,
                dev.tape.proto.RunTreeResponse>(
                  this, METHODID_RUN_TREE)))
          .addMethod(
            getUndoRunMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.tape.proto.UndoRunRequest,
                dev.tape.proto.UndoRunResponse>(
                  this, METHODID_UNDO_RUN)))
          .build();
    }
  }

  /**
   */
  public static final class TapeStub extends io.grpc.stub.AbstractAsyncStub<TapeStub> {
    private TapeStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TapeStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TapeStub(channel, callOptions);
    }

    /**
     * <pre>
     * Run lifecycle.
     * </pre>
     */
    public void beginRun(dev.tape.proto.BeginRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBeginRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void resumeRun(dev.tape.proto.ResumeRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ResumeRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResumeRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void endRun(dev.tape.proto.EndRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EndRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getEndRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getRun(dev.tape.proto.GetRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void stampRunVersion(dev.tape.proto.StampRunVersionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getStampRunVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void divergeRun(dev.tape.proto.DivergeRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDivergeRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void resolveDivergence(dev.tape.proto.ResolveDivergenceRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResolveDivergenceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listRunsToRecover(dev.tape.proto.ListRunsToRecoverRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsToRecoverResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRunsToRecoverMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void subscribeRun(dev.tape.proto.SubscribeRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.JournalEntry> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSubscribeRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listCompactableRuns(dev.tape.proto.ListCompactableRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListCompactableRunsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void compactRun(dev.tape.proto.CompactRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CompactRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompactRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Decision ledger.
     * </pre>
     */
    public void recordDecision(dev.tape.proto.RecordDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DecisionRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordDecisionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getDecision(dev.tape.proto.GetDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetDecisionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetDecisionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Effect ledger.
     * </pre>
     */
    public void beginEffect(dev.tape.proto.BeginEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginEffectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBeginEffectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void completeEffect(dev.tape.proto.CompleteEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompleteEffectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getEffect(dev.tape.proto.GetEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetEffectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void reconcileEffect(dev.tape.proto.ReconcileEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReconcileEffectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listPendingEffects(dev.tape.proto.ListPendingEffectsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListPendingEffectsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPendingEffectsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Outbox dispatch.
     * </pre>
     */
    public void listEffectsToDispatch(dev.tape.proto.ListEffectsToDispatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListEffectsToDispatchResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListEffectsToDispatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimEffectDispatch(dev.tape.proto.ClaimEffectDispatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimEffectDispatchResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimEffectDispatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void recordDispatchAttempt(dev.tape.proto.RecordDispatchAttemptRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordDispatchAttemptMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void recordExternalObservation(dev.tape.proto.RecordExternalObservationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordExternalObservationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Obligations (compensation).
     * </pre>
     */
    public void registerCompensation(dev.tape.proto.RegisterCompensationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterCompensationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listObligations(dev.tape.proto.ListObligationsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListObligationsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListObligationsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void resolveObligation(dev.tape.proto.ResolveObligationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResolveObligationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listUnresolvedObligations(dev.tape.proto.ListUnresolvedObligationsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListUnresolvedObligationsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListUnresolvedObligationsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimObligation(dev.tape.proto.ClaimObligationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimObligationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimObligationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void recordObligationAttempt(dev.tape.proto.RecordObligationAttemptRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordObligationAttemptMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Budget.
     * </pre>
     */
    public void setBudget(dev.tape.proto.SetBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetBudgetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void admitBudget(dev.tape.proto.AdmitBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AdmitBudgetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAdmitBudgetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void chargeBudget(dev.tape.proto.ChargeBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getChargeBudgetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Model calls in flight (a decision begun before the model is called).
     * </pre>
     */
    public void beginDecision(dev.tape.proto.BeginDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginDecisionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBeginDecisionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void failDecisionCall(dev.tape.proto.FailDecisionCallRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.FailDecisionCallResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getFailDecisionCallMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Gates / signals.
     * </pre>
     */
    public void awaitSignal(dev.tape.proto.AwaitSignalRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AwaitSignalResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAwaitSignalMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void sendSignal(dev.tape.proto.SendSignalRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.SendSignalResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSendSignalMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Timers.
     * </pre>
     */
    public void setTimer(dev.tape.proto.SetTimerRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.TimerRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetTimerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void cancelTimer(dev.tape.proto.CancelTimerRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CancelTimerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCancelTimerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listDueTimers(dev.tape.proto.ListDueTimersRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListDueTimersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListDueTimersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The journal tail.
     * </pre>
     */
    public void subscribeEvents(dev.tape.proto.SubscribeEventsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EventEntry> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSubscribeEventsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void subscribeBySubject(dev.tape.proto.SubscribeBySubjectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EventEntry> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSubscribeBySubjectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus).
     * </pre>
     */
    public void registerReaction(dev.tape.proto.Reaction request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Reaction> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterReactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deregisterReaction(dev.tape.proto.DeregisterReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DeregisterReactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeregisterReactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listReactions(dev.tape.proto.ListReactionsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListReactionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListReactionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimTasks(dev.tape.proto.ClaimTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void completeTask(dev.tape.proto.CompleteTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CompleteTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompleteTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void nackTask(dev.tape.proto.NackTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.NackTaskResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getNackTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listTasks(dev.tape.proto.ListTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Versioned key-value store.
     * </pre>
     */
    public void writeValue(dev.tape.proto.WriteValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ValueRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getWriteValueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getValue(dev.tape.proto.GetValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetValueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetValueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void watchValue(dev.tape.proto.WatchValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ValueEvent> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchValueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deleteValue(dev.tape.proto.DeleteValueRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DeleteValueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteValueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sessions.
     * </pre>
     */
    public void createSession(dev.tape.proto.CreateSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Session> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getSession(dev.tape.proto.GetSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listSessions(dev.tape.proto.ListSessionsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListSessionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListSessionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deleteSession(dev.tape.proto.DeleteSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.DeleteSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void appendEvent(dev.tape.proto.AppendEventRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AppendEventResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAppendEventMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * tape's own journal methods (no RPC of the original): operators, reactors, bulk paths.
     * </pre>
     */
    public void createRun(dev.tape.proto.CreateRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BeginRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void releaseRun(dev.tape.proto.ReleaseRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReleaseRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listRuns(dev.tape.proto.ListRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRunsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countDecisions(dev.tape.proto.CountDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountDecisionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void beginEffects(dev.tape.proto.BeginEffectsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBeginEffectsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listEffects(dev.tape.proto.ListEffectsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListEffectsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimEffectsToDispatch(dev.tape.proto.ClaimEffectsToDispatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimEffectsToDispatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void recordDispatchOutcomes(dev.tape.proto.RecordDispatchOutcomesRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RecordDispatchOutcomesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordDispatchOutcomesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void expireDispatchClaims(dev.tape.proto.ExpireDispatchClaimsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExpireDispatchClaimsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimEffectsToReconcile(dev.tape.proto.ClaimEffectsToReconcileRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectList> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimEffectsToReconcileMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimEffectToReconcile(dev.tape.proto.ClaimEffectToReconcileRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimEffectToReconcileMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void resolveEffect(dev.tape.proto.ResolveEffectRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResolveEffectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void settleCompensatingRuns(dev.tape.proto.SettleCompensatingRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSettleCompensatingRunsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void requestRedrive(dev.tape.proto.RequestRedriveRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RequestRedriveResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRequestRedriveMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countRedrive(dev.tape.proto.CountRedriveRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountRedriveMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimObligationNow(dev.tape.proto.ClaimObligationRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimObligationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimObligationNowMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getBudget(dev.tape.proto.GetBudgetRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetBudgetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void markTimerFired(dev.tape.proto.MarkTimerFiredRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.TimerRecord> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getMarkTimerFiredMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void readJournal(dev.tape.proto.ReadJournalRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ReadJournalResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadJournalMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Browse and counts (tape status, the dashboard, tape runs).
     * </pre>
     */
    public void searchRuns(dev.tape.proto.SearchRunsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSearchRunsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void resolveRunId(dev.tape.proto.ResolveRunIdRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ResolveRunIdResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResolveRunIdMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listAppNames(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Names> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAppNamesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listBusinessKeys(dev.tape.proto.ListBusinessKeysRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.BusinessKeysResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListBusinessKeysMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countRunsByStatus(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountRunsByStatusMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countEffectsByStatus(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountEffectsByStatusMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countObligationsByStatus(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountObligationsByStatusMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countStuckEffects(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountStuckEffectsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void oldestDueMs(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.NamedCounts> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getOldestDueMsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Compaction.
     * </pre>
     */
    public void compactableBytes(dev.tape.proto.CompactableBytesRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompactableBytesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sessions (ADK's TapeSessionService).
     * </pre>
     */
    public void insertSession(dev.tape.proto.CreateSessionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getInsertSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deleteInvocationEvents(dev.tape.proto.DeleteInvocationEventsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteInvocationEventsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getScopedState(dev.tape.proto.GetScopedStateRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ScopedState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetScopedStateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void writeScopedState(dev.tape.proto.WriteScopedStateRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Empty> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getWriteScopedStateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void appendScopedEvent(dev.tape.proto.AppendScopedEventRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AppendEventResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAppendScopedEventMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus and its operators).
     * </pre>
     */
    public void getReaction(dev.tape.proto.GetReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Reaction> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetReactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void resumeReaction(dev.tape.proto.ResumeReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Reaction> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResumeReactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void reactionLag(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ReactionLagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReactionLagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getTask(dev.tape.proto.GetTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Task> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void retryTask(dev.tape.proto.RetryTaskRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Task> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRetryTaskMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void countTasks(dev.tape.proto.CountTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCountTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void dueTaskCounts(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.NamedCounts> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDueTaskCountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void claimTaskBatch(dev.tape.proto.ClaimTaskBatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ClaimTaskBatchResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClaimTaskBatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void heartbeatTasks(dev.tape.proto.HeartbeatTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.Names> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getHeartbeatTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void completeTasks(dev.tape.proto.CompleteTasksRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CompleteTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompleteTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void deadLetterLapsedTasks(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeadLetterLapsedTasksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The matcher's steps (Journal.matching()): the client reads the rows and evaluates the
     * predicates, the server applies each reaction's batch in one transaction.
     * </pre>
     */
    public void pauseReaction(dev.tape.proto.PauseReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.PauseReactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPauseReactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void shardCursors(dev.tape.proto.ShardCursorsRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ShardCursorsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getShardCursorsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void matchBatch(dev.tape.proto.MatchBatchRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getMatchBatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void advanceReaction(dev.tape.proto.AdvanceReactionRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AdvanceReactionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAdvanceReactionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Live reading: Journal.subscribe, and Journal.commit_waker (the journal head as it moves).
     * </pre>
     */
    public void subscribe(dev.tape.proto.SubscribeRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.JournalEntry> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSubscribeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void watchCommits(dev.tape.proto.Empty request,
        io.grpc.stub.StreamObserver<dev.tape.proto.CommitNotice> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchCommitsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Outbox, divergence, composed runs.
     * </pre>
     */
    public void markConnectorMissing(dev.tape.proto.MarkConnectorMissingRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getMarkConnectorMissingMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void acceptedDivergences(dev.tape.proto.AcceptedDivergencesRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.AcceptedDivergencesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAcceptedDivergencesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void forkRun(dev.tape.proto.ForkRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunState> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getForkRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void linkRun(dev.tape.proto.LinkRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.LinkRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLinkRunMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void runTree(dev.tape.proto.RunTreeRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.RunTreeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRunTreeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void undoRun(dev.tape.proto.UndoRunRequest request,
        io.grpc.stub.StreamObserver<dev.tape.proto.UndoRunResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUndoRunMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   */
  public static final class TapeBlockingStub extends io.grpc.stub.AbstractBlockingStub<TapeBlockingStub> {
    private TapeBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TapeBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TapeBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Run lifecycle.
     * </pre>
     */
    public dev.tape.proto.BeginRunResponse beginRun(dev.tape.proto.BeginRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBeginRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ResumeRunResponse resumeRun(dev.tape.proto.ResumeRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResumeRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EndRunResponse endRun(dev.tape.proto.EndRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getEndRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunState getRun(dev.tape.proto.GetRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunState stampRunVersion(dev.tape.proto.StampRunVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getStampRunVersionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunState divergeRun(dev.tape.proto.DivergeRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDivergeRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunState resolveDivergence(dev.tape.proto.ResolveDivergenceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResolveDivergenceMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListRunsToRecoverResponse listRunsToRecover(dev.tape.proto.ListRunsToRecoverRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRunsToRecoverMethod(), getCallOptions(), request);
    }

    /**
     */
    public java.util.Iterator<dev.tape.proto.JournalEntry> subscribeRun(
        dev.tape.proto.SubscribeRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSubscribeRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListRunsResponse listCompactableRuns(dev.tape.proto.ListCompactableRunsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListCompactableRunsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CompactRunResponse compactRun(dev.tape.proto.CompactRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompactRunMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Decision ledger.
     * </pre>
     */
    public dev.tape.proto.DecisionRecord recordDecision(dev.tape.proto.RecordDecisionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordDecisionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.GetDecisionResponse getDecision(dev.tape.proto.GetDecisionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetDecisionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Effect ledger.
     * </pre>
     */
    public dev.tape.proto.BeginEffectResponse beginEffect(dev.tape.proto.BeginEffectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBeginEffectMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectRecord completeEffect(dev.tape.proto.CompleteEffectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompleteEffectMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.GetEffectResponse getEffect(dev.tape.proto.GetEffectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetEffectMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectRecord reconcileEffect(dev.tape.proto.ReconcileEffectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReconcileEffectMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListPendingEffectsResponse listPendingEffects(dev.tape.proto.ListPendingEffectsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPendingEffectsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Outbox dispatch.
     * </pre>
     */
    public dev.tape.proto.ListEffectsToDispatchResponse listEffectsToDispatch(dev.tape.proto.ListEffectsToDispatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListEffectsToDispatchMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ClaimEffectDispatchResponse claimEffectDispatch(dev.tape.proto.ClaimEffectDispatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimEffectDispatchMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectRecord recordDispatchAttempt(dev.tape.proto.RecordDispatchAttemptRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordDispatchAttemptMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectRecord recordExternalObservation(dev.tape.proto.RecordExternalObservationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordExternalObservationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Obligations (compensation).
     * </pre>
     */
    public dev.tape.proto.ObligationRecord registerCompensation(dev.tape.proto.RegisterCompensationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterCompensationMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListObligationsResponse listObligations(dev.tape.proto.ListObligationsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListObligationsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ObligationRecord resolveObligation(dev.tape.proto.ResolveObligationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResolveObligationMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListUnresolvedObligationsResponse listUnresolvedObligations(dev.tape.proto.ListUnresolvedObligationsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListUnresolvedObligationsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ClaimObligationResponse claimObligation(dev.tape.proto.ClaimObligationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimObligationMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ObligationRecord recordObligationAttempt(dev.tape.proto.RecordObligationAttemptRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordObligationAttemptMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Budget.
     * </pre>
     */
    public dev.tape.proto.BudgetState setBudget(dev.tape.proto.SetBudgetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetBudgetMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.AdmitBudgetResponse admitBudget(dev.tape.proto.AdmitBudgetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAdmitBudgetMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.BudgetState chargeBudget(dev.tape.proto.ChargeBudgetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getChargeBudgetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Model calls in flight (a decision begun before the model is called).
     * </pre>
     */
    public dev.tape.proto.BeginDecisionResponse beginDecision(dev.tape.proto.BeginDecisionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBeginDecisionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.FailDecisionCallResponse failDecisionCall(dev.tape.proto.FailDecisionCallRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getFailDecisionCallMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Gates / signals.
     * </pre>
     */
    public dev.tape.proto.AwaitSignalResponse awaitSignal(dev.tape.proto.AwaitSignalRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAwaitSignalMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.SendSignalResponse sendSignal(dev.tape.proto.SendSignalRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSendSignalMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Timers.
     * </pre>
     */
    public dev.tape.proto.TimerRecord setTimer(dev.tape.proto.SetTimerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetTimerMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CancelTimerResponse cancelTimer(dev.tape.proto.CancelTimerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCancelTimerMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListDueTimersResponse listDueTimers(dev.tape.proto.ListDueTimersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListDueTimersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The journal tail.
     * </pre>
     */
    public java.util.Iterator<dev.tape.proto.EventEntry> subscribeEvents(
        dev.tape.proto.SubscribeEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSubscribeEventsMethod(), getCallOptions(), request);
    }

    /**
     */
    public java.util.Iterator<dev.tape.proto.EventEntry> subscribeBySubject(
        dev.tape.proto.SubscribeBySubjectRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSubscribeBySubjectMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus).
     * </pre>
     */
    public dev.tape.proto.Reaction registerReaction(dev.tape.proto.Reaction request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterReactionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.DeregisterReactionResponse deregisterReaction(dev.tape.proto.DeregisterReactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeregisterReactionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListReactionsResponse listReactions(dev.tape.proto.ListReactionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListReactionsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ClaimTasksResponse claimTasks(dev.tape.proto.ClaimTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimTasksMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CompleteTaskResponse completeTask(dev.tape.proto.CompleteTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompleteTaskMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.NackTaskResponse nackTask(dev.tape.proto.NackTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getNackTaskMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListTasksResponse listTasks(dev.tape.proto.ListTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Versioned key-value store.
     * </pre>
     */
    public dev.tape.proto.ValueRecord writeValue(dev.tape.proto.WriteValueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWriteValueMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.GetValueResponse getValue(dev.tape.proto.GetValueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetValueMethod(), getCallOptions(), request);
    }

    /**
     */
    public java.util.Iterator<dev.tape.proto.ValueEvent> watchValue(
        dev.tape.proto.WatchValueRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchValueMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.DeleteValueResponse deleteValue(dev.tape.proto.DeleteValueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteValueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sessions.
     * </pre>
     */
    public dev.tape.proto.Session createSession(dev.tape.proto.CreateSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateSessionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.GetSessionResponse getSession(dev.tape.proto.GetSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSessionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListSessionsResponse listSessions(dev.tape.proto.ListSessionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSessionsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.DeleteSessionResponse deleteSession(dev.tape.proto.DeleteSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteSessionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.AppendEventResponse appendEvent(dev.tape.proto.AppendEventRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAppendEventMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * tape's own journal methods (no RPC of the original): operators, reactors, bulk paths.
     * </pre>
     */
    public dev.tape.proto.BeginRunResponse createRun(dev.tape.proto.CreateRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunState releaseRun(dev.tape.proto.ReleaseRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReleaseRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListRunsResponse listRuns(dev.tape.proto.ListRunsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRunsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CountResponse countDecisions(dev.tape.proto.CountDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountDecisionsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectList beginEffects(dev.tape.proto.BeginEffectsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBeginEffectsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectList listEffects(dev.tape.proto.ListEffectsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListEffectsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectList claimEffectsToDispatch(dev.tape.proto.ClaimEffectsToDispatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimEffectsToDispatchMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RecordDispatchOutcomesResponse recordDispatchOutcomes(dev.tape.proto.RecordDispatchOutcomesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordDispatchOutcomesMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectList expireDispatchClaims(dev.tape.proto.ExpireDispatchClaimsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExpireDispatchClaimsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectList claimEffectsToReconcile(dev.tape.proto.ClaimEffectsToReconcileRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimEffectsToReconcileMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.GetEffectResponse claimEffectToReconcile(dev.tape.proto.ClaimEffectToReconcileRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimEffectToReconcileMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.EffectRecord resolveEffect(dev.tape.proto.ResolveEffectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResolveEffectMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListRunsResponse settleCompensatingRuns(dev.tape.proto.SettleCompensatingRunsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSettleCompensatingRunsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RequestRedriveResponse requestRedrive(dev.tape.proto.RequestRedriveRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRequestRedriveMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Empty countRedrive(dev.tape.proto.CountRedriveRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountRedriveMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ClaimObligationResponse claimObligationNow(dev.tape.proto.ClaimObligationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimObligationNowMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.BudgetState getBudget(dev.tape.proto.GetBudgetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetBudgetMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.TimerRecord markTimerFired(dev.tape.proto.MarkTimerFiredRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getMarkTimerFiredMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ReadJournalResponse readJournal(dev.tape.proto.ReadJournalRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadJournalMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Browse and counts (tape status, the dashboard, tape runs).
     * </pre>
     */
    public dev.tape.proto.ListRunsResponse searchRuns(dev.tape.proto.SearchRunsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSearchRunsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ResolveRunIdResponse resolveRunId(dev.tape.proto.ResolveRunIdRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResolveRunIdMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Names listAppNames(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAppNamesMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.BusinessKeysResponse listBusinessKeys(dev.tape.proto.ListBusinessKeysRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListBusinessKeysMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.StatusCounts countRunsByStatus(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountRunsByStatusMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.StatusCounts countEffectsByStatus(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountEffectsByStatusMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.StatusCounts countObligationsByStatus(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountObligationsByStatusMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CountResponse countStuckEffects(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountStuckEffectsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.NamedCounts oldestDueMs(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getOldestDueMsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Compaction.
     * </pre>
     */
    public dev.tape.proto.CountResponse compactableBytes(dev.tape.proto.CompactableBytesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompactableBytesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sessions (ADK's TapeSessionService).
     * </pre>
     */
    public dev.tape.proto.GetSessionResponse insertSession(dev.tape.proto.CreateSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getInsertSessionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CountResponse deleteInvocationEvents(dev.tape.proto.DeleteInvocationEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteInvocationEventsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ScopedState getScopedState(dev.tape.proto.GetScopedStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetScopedStateMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Empty writeScopedState(dev.tape.proto.WriteScopedStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWriteScopedStateMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.AppendEventResponse appendScopedEvent(dev.tape.proto.AppendScopedEventRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAppendScopedEventMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus and its operators).
     * </pre>
     */
    public dev.tape.proto.Reaction getReaction(dev.tape.proto.GetReactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetReactionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Reaction resumeReaction(dev.tape.proto.ResumeReactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResumeReactionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ReactionLagResponse reactionLag(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReactionLagMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Task getTask(dev.tape.proto.GetTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetTaskMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Task retryTask(dev.tape.proto.RetryTaskRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRetryTaskMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.StatusCounts countTasks(dev.tape.proto.CountTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCountTasksMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.NamedCounts dueTaskCounts(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDueTaskCountsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ClaimTaskBatchResponse claimTaskBatch(dev.tape.proto.ClaimTaskBatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClaimTaskBatchMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.Names heartbeatTasks(dev.tape.proto.HeartbeatTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getHeartbeatTasksMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.CompleteTasksResponse completeTasks(dev.tape.proto.CompleteTasksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompleteTasksMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListTasksResponse deadLetterLapsedTasks(dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeadLetterLapsedTasksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The matcher's steps (Journal.matching()): the client reads the rows and evaluates the
     * predicates, the server applies each reaction's batch in one transaction.
     * </pre>
     */
    public dev.tape.proto.PauseReactionResponse pauseReaction(dev.tape.proto.PauseReactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPauseReactionMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ShardCursorsResponse shardCursors(dev.tape.proto.ShardCursorsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getShardCursorsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.ListTasksResponse matchBatch(dev.tape.proto.MatchBatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getMatchBatchMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.AdvanceReactionResponse advanceReaction(dev.tape.proto.AdvanceReactionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAdvanceReactionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Live reading: Journal.subscribe, and Journal.commit_waker (the journal head as it moves).
     * </pre>
     */
    public java.util.Iterator<dev.tape.proto.JournalEntry> subscribe(
        dev.tape.proto.SubscribeRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSubscribeMethod(), getCallOptions(), request);
    }

    /**
     */
    public java.util.Iterator<dev.tape.proto.CommitNotice> watchCommits(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchCommitsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Outbox, divergence, composed runs.
     * </pre>
     */
    public dev.tape.proto.GetEffectResponse markConnectorMissing(dev.tape.proto.MarkConnectorMissingRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getMarkConnectorMissingMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.AcceptedDivergencesResponse acceptedDivergences(dev.tape.proto.AcceptedDivergencesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAcceptedDivergencesMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunState forkRun(dev.tape.proto.ForkRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getForkRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.LinkRunResponse linkRun(dev.tape.proto.LinkRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLinkRunMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.RunTreeResponse runTree(dev.tape.proto.RunTreeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRunTreeMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.tape.proto.UndoRunResponse undoRun(dev.tape.proto.UndoRunRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUndoRunMethod(), getCallOptions(), request);
    }
  }

  /**
   */
  public static final class TapeFutureStub extends io.grpc.stub.AbstractFutureStub<TapeFutureStub> {
    private TapeFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TapeFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TapeFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Run lifecycle.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BeginRunResponse> beginRun(
        dev.tape.proto.BeginRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBeginRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ResumeRunResponse> resumeRun(
        dev.tape.proto.ResumeRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResumeRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EndRunResponse> endRun(
        dev.tape.proto.EndRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getEndRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunState> getRun(
        dev.tape.proto.GetRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunState> stampRunVersion(
        dev.tape.proto.StampRunVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getStampRunVersionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunState> divergeRun(
        dev.tape.proto.DivergeRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDivergeRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunState> resolveDivergence(
        dev.tape.proto.ResolveDivergenceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResolveDivergenceMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListRunsToRecoverResponse> listRunsToRecover(
        dev.tape.proto.ListRunsToRecoverRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRunsToRecoverMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListRunsResponse> listCompactableRuns(
        dev.tape.proto.ListCompactableRunsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListCompactableRunsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CompactRunResponse> compactRun(
        dev.tape.proto.CompactRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompactRunMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Decision ledger.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.DecisionRecord> recordDecision(
        dev.tape.proto.RecordDecisionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordDecisionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetDecisionResponse> getDecision(
        dev.tape.proto.GetDecisionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetDecisionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Effect ledger.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BeginEffectResponse> beginEffect(
        dev.tape.proto.BeginEffectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBeginEffectMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectRecord> completeEffect(
        dev.tape.proto.CompleteEffectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompleteEffectMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetEffectResponse> getEffect(
        dev.tape.proto.GetEffectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetEffectMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectRecord> reconcileEffect(
        dev.tape.proto.ReconcileEffectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReconcileEffectMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListPendingEffectsResponse> listPendingEffects(
        dev.tape.proto.ListPendingEffectsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPendingEffectsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Outbox dispatch.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListEffectsToDispatchResponse> listEffectsToDispatch(
        dev.tape.proto.ListEffectsToDispatchRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListEffectsToDispatchMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ClaimEffectDispatchResponse> claimEffectDispatch(
        dev.tape.proto.ClaimEffectDispatchRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimEffectDispatchMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectRecord> recordDispatchAttempt(
        dev.tape.proto.RecordDispatchAttemptRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordDispatchAttemptMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectRecord> recordExternalObservation(
        dev.tape.proto.RecordExternalObservationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordExternalObservationMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Obligations (compensation).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ObligationRecord> registerCompensation(
        dev.tape.proto.RegisterCompensationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterCompensationMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListObligationsResponse> listObligations(
        dev.tape.proto.ListObligationsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListObligationsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ObligationRecord> resolveObligation(
        dev.tape.proto.ResolveObligationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResolveObligationMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListUnresolvedObligationsResponse> listUnresolvedObligations(
        dev.tape.proto.ListUnresolvedObligationsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListUnresolvedObligationsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ClaimObligationResponse> claimObligation(
        dev.tape.proto.ClaimObligationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimObligationMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ObligationRecord> recordObligationAttempt(
        dev.tape.proto.RecordObligationAttemptRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordObligationAttemptMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Budget.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BudgetState> setBudget(
        dev.tape.proto.SetBudgetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetBudgetMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.AdmitBudgetResponse> admitBudget(
        dev.tape.proto.AdmitBudgetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAdmitBudgetMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BudgetState> chargeBudget(
        dev.tape.proto.ChargeBudgetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getChargeBudgetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Model calls in flight (a decision begun before the model is called).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BeginDecisionResponse> beginDecision(
        dev.tape.proto.BeginDecisionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBeginDecisionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.FailDecisionCallResponse> failDecisionCall(
        dev.tape.proto.FailDecisionCallRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getFailDecisionCallMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Gates / signals.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.AwaitSignalResponse> awaitSignal(
        dev.tape.proto.AwaitSignalRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAwaitSignalMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.SendSignalResponse> sendSignal(
        dev.tape.proto.SendSignalRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSendSignalMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Timers.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.TimerRecord> setTimer(
        dev.tape.proto.SetTimerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetTimerMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CancelTimerResponse> cancelTimer(
        dev.tape.proto.CancelTimerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCancelTimerMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListDueTimersResponse> listDueTimers(
        dev.tape.proto.ListDueTimersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListDueTimersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Reaction> registerReaction(
        dev.tape.proto.Reaction request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterReactionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.DeregisterReactionResponse> deregisterReaction(
        dev.tape.proto.DeregisterReactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeregisterReactionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListReactionsResponse> listReactions(
        dev.tape.proto.ListReactionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListReactionsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ClaimTasksResponse> claimTasks(
        dev.tape.proto.ClaimTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimTasksMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CompleteTaskResponse> completeTask(
        dev.tape.proto.CompleteTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompleteTaskMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.NackTaskResponse> nackTask(
        dev.tape.proto.NackTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getNackTaskMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListTasksResponse> listTasks(
        dev.tape.proto.ListTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTasksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Versioned key-value store.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ValueRecord> writeValue(
        dev.tape.proto.WriteValueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getWriteValueMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetValueResponse> getValue(
        dev.tape.proto.GetValueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetValueMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.DeleteValueResponse> deleteValue(
        dev.tape.proto.DeleteValueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteValueMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sessions.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Session> createSession(
        dev.tape.proto.CreateSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateSessionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetSessionResponse> getSession(
        dev.tape.proto.GetSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSessionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListSessionsResponse> listSessions(
        dev.tape.proto.ListSessionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListSessionsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.DeleteSessionResponse> deleteSession(
        dev.tape.proto.DeleteSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteSessionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.AppendEventResponse> appendEvent(
        dev.tape.proto.AppendEventRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAppendEventMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * tape's own journal methods (no RPC of the original): operators, reactors, bulk paths.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BeginRunResponse> createRun(
        dev.tape.proto.CreateRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunState> releaseRun(
        dev.tape.proto.ReleaseRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReleaseRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListRunsResponse> listRuns(
        dev.tape.proto.ListRunsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRunsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CountResponse> countDecisions(
        dev.tape.proto.CountDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountDecisionsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectList> beginEffects(
        dev.tape.proto.BeginEffectsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBeginEffectsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectList> listEffects(
        dev.tape.proto.ListEffectsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListEffectsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectList> claimEffectsToDispatch(
        dev.tape.proto.ClaimEffectsToDispatchRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimEffectsToDispatchMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RecordDispatchOutcomesResponse> recordDispatchOutcomes(
        dev.tape.proto.RecordDispatchOutcomesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordDispatchOutcomesMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectList> expireDispatchClaims(
        dev.tape.proto.ExpireDispatchClaimsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExpireDispatchClaimsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectList> claimEffectsToReconcile(
        dev.tape.proto.ClaimEffectsToReconcileRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimEffectsToReconcileMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetEffectResponse> claimEffectToReconcile(
        dev.tape.proto.ClaimEffectToReconcileRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimEffectToReconcileMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.EffectRecord> resolveEffect(
        dev.tape.proto.ResolveEffectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResolveEffectMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListRunsResponse> settleCompensatingRuns(
        dev.tape.proto.SettleCompensatingRunsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSettleCompensatingRunsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RequestRedriveResponse> requestRedrive(
        dev.tape.proto.RequestRedriveRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRequestRedriveMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Empty> countRedrive(
        dev.tape.proto.CountRedriveRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountRedriveMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ClaimObligationResponse> claimObligationNow(
        dev.tape.proto.ClaimObligationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimObligationNowMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BudgetState> getBudget(
        dev.tape.proto.GetBudgetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetBudgetMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.TimerRecord> markTimerFired(
        dev.tape.proto.MarkTimerFiredRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getMarkTimerFiredMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ReadJournalResponse> readJournal(
        dev.tape.proto.ReadJournalRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadJournalMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Browse and counts (tape status, the dashboard, tape runs).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListRunsResponse> searchRuns(
        dev.tape.proto.SearchRunsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSearchRunsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ResolveRunIdResponse> resolveRunId(
        dev.tape.proto.ResolveRunIdRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResolveRunIdMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Names> listAppNames(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAppNamesMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.BusinessKeysResponse> listBusinessKeys(
        dev.tape.proto.ListBusinessKeysRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListBusinessKeysMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.StatusCounts> countRunsByStatus(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountRunsByStatusMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.StatusCounts> countEffectsByStatus(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountEffectsByStatusMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.StatusCounts> countObligationsByStatus(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountObligationsByStatusMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CountResponse> countStuckEffects(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountStuckEffectsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.NamedCounts> oldestDueMs(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getOldestDueMsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Compaction.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CountResponse> compactableBytes(
        dev.tape.proto.CompactableBytesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompactableBytesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sessions (ADK's TapeSessionService).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetSessionResponse> insertSession(
        dev.tape.proto.CreateSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getInsertSessionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CountResponse> deleteInvocationEvents(
        dev.tape.proto.DeleteInvocationEventsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteInvocationEventsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ScopedState> getScopedState(
        dev.tape.proto.GetScopedStateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetScopedStateMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Empty> writeScopedState(
        dev.tape.proto.WriteScopedStateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getWriteScopedStateMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.AppendEventResponse> appendScopedEvent(
        dev.tape.proto.AppendScopedEventRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAppendScopedEventMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reactions and tasks (the event bus and its operators).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Reaction> getReaction(
        dev.tape.proto.GetReactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetReactionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Reaction> resumeReaction(
        dev.tape.proto.ResumeReactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResumeReactionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ReactionLagResponse> reactionLag(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReactionLagMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Task> getTask(
        dev.tape.proto.GetTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetTaskMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Task> retryTask(
        dev.tape.proto.RetryTaskRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRetryTaskMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.StatusCounts> countTasks(
        dev.tape.proto.CountTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCountTasksMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.NamedCounts> dueTaskCounts(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDueTaskCountsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ClaimTaskBatchResponse> claimTaskBatch(
        dev.tape.proto.ClaimTaskBatchRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClaimTaskBatchMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.Names> heartbeatTasks(
        dev.tape.proto.HeartbeatTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getHeartbeatTasksMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.CompleteTasksResponse> completeTasks(
        dev.tape.proto.CompleteTasksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompleteTasksMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListTasksResponse> deadLetterLapsedTasks(
        dev.tape.proto.Empty request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeadLetterLapsedTasksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The matcher's steps (Journal.matching()): the client reads the rows and evaluates the
     * predicates, the server applies each reaction's batch in one transaction.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.PauseReactionResponse> pauseReaction(
        dev.tape.proto.PauseReactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPauseReactionMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ShardCursorsResponse> shardCursors(
        dev.tape.proto.ShardCursorsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getShardCursorsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.ListTasksResponse> matchBatch(
        dev.tape.proto.MatchBatchRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getMatchBatchMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.AdvanceReactionResponse> advanceReaction(
        dev.tape.proto.AdvanceReactionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAdvanceReactionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Outbox, divergence, composed runs.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.GetEffectResponse> markConnectorMissing(
        dev.tape.proto.MarkConnectorMissingRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getMarkConnectorMissingMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.AcceptedDivergencesResponse> acceptedDivergences(
        dev.tape.proto.AcceptedDivergencesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAcceptedDivergencesMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunState> forkRun(
        dev.tape.proto.ForkRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getForkRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.LinkRunResponse> linkRun(
        dev.tape.proto.LinkRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLinkRunMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.RunTreeResponse> runTree(
        dev.tape.proto.RunTreeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRunTreeMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.tape.proto.UndoRunResponse> undoRun(
        dev.tape.proto.UndoRunRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUndoRunMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_BEGIN_RUN = 0;
  private static final int METHODID_RESUME_RUN = 1;
  private static final int METHODID_END_RUN = 2;
  private static final int METHODID_GET_RUN = 3;
  private static final int METHODID_STAMP_RUN_VERSION = 4;
  private static final int METHODID_DIVERGE_RUN = 5;
  private static final int METHODID_RESOLVE_DIVERGENCE = 6;
  private static final int METHODID_LIST_RUNS_TO_RECOVER = 7;
  private static final int METHODID_SUBSCRIBE_RUN = 8;
  private static final int METHODID_LIST_COMPACTABLE_RUNS = 9;
  private static final int METHODID_COMPACT_RUN = 10;
  private static final int METHODID_RECORD_DECISION = 11;
  private static final int METHODID_GET_DECISION = 12;
  private static final int METHODID_BEGIN_EFFECT = 13;
  private static final int METHODID_COMPLETE_EFFECT = 14;
  private static final int METHODID_GET_EFFECT = 15;
  private static final int METHODID_RECONCILE_EFFECT = 16;
  private static final int METHODID_LIST_PENDING_EFFECTS = 17;
  private static final int METHODID_LIST_EFFECTS_TO_DISPATCH = 18;
  private static final int METHODID_CLAIM_EFFECT_DISPATCH = 19;
  private static final int METHODID_RECORD_DISPATCH_ATTEMPT = 20;
  private static final int METHODID_RECORD_EXTERNAL_OBSERVATION = 21;
  private static final int METHODID_REGISTER_COMPENSATION = 22;
  private static final int METHODID_LIST_OBLIGATIONS = 23;
  private static final int METHODID_RESOLVE_OBLIGATION = 24;
  private static final int METHODID_LIST_UNRESOLVED_OBLIGATIONS = 25;
  private static final int METHODID_CLAIM_OBLIGATION = 26;
  private static final int METHODID_RECORD_OBLIGATION_ATTEMPT = 27;
  private static final int METHODID_SET_BUDGET = 28;
  private static final int METHODID_ADMIT_BUDGET = 29;
  private static final int METHODID_CHARGE_BUDGET = 30;
  private static final int METHODID_BEGIN_DECISION = 31;
  private static final int METHODID_FAIL_DECISION_CALL = 32;
  private static final int METHODID_AWAIT_SIGNAL = 33;
  private static final int METHODID_SEND_SIGNAL = 34;
  private static final int METHODID_SET_TIMER = 35;
  private static final int METHODID_CANCEL_TIMER = 36;
  private static final int METHODID_LIST_DUE_TIMERS = 37;
  private static final int METHODID_SUBSCRIBE_EVENTS = 38;
  private static final int METHODID_SUBSCRIBE_BY_SUBJECT = 39;
  private static final int METHODID_REGISTER_REACTION = 40;
  private static final int METHODID_DEREGISTER_REACTION = 41;
  private static final int METHODID_LIST_REACTIONS = 42;
  private static final int METHODID_CLAIM_TASKS = 43;
  private static final int METHODID_COMPLETE_TASK = 44;
  private static final int METHODID_NACK_TASK = 45;
  private static final int METHODID_LIST_TASKS = 46;
  private static final int METHODID_WRITE_VALUE = 47;
  private static final int METHODID_GET_VALUE = 48;
  private static final int METHODID_WATCH_VALUE = 49;
  private static final int METHODID_DELETE_VALUE = 50;
  private static final int METHODID_CREATE_SESSION = 51;
  private static final int METHODID_GET_SESSION = 52;
  private static final int METHODID_LIST_SESSIONS = 53;
  private static final int METHODID_DELETE_SESSION = 54;
  private static final int METHODID_APPEND_EVENT = 55;
  private static final int METHODID_CREATE_RUN = 56;
  private static final int METHODID_RELEASE_RUN = 57;
  private static final int METHODID_LIST_RUNS = 58;
  private static final int METHODID_COUNT_DECISIONS = 59;
  private static final int METHODID_BEGIN_EFFECTS = 60;
  private static final int METHODID_LIST_EFFECTS = 61;
  private static final int METHODID_CLAIM_EFFECTS_TO_DISPATCH = 62;
  private static final int METHODID_RECORD_DISPATCH_OUTCOMES = 63;
  private static final int METHODID_EXPIRE_DISPATCH_CLAIMS = 64;
  private static final int METHODID_CLAIM_EFFECTS_TO_RECONCILE = 65;
  private static final int METHODID_CLAIM_EFFECT_TO_RECONCILE = 66;
  private static final int METHODID_RESOLVE_EFFECT = 67;
  private static final int METHODID_SETTLE_COMPENSATING_RUNS = 68;
  private static final int METHODID_REQUEST_REDRIVE = 69;
  private static final int METHODID_COUNT_REDRIVE = 70;
  private static final int METHODID_CLAIM_OBLIGATION_NOW = 71;
  private static final int METHODID_GET_BUDGET = 72;
  private static final int METHODID_MARK_TIMER_FIRED = 73;
  private static final int METHODID_READ_JOURNAL = 74;
  private static final int METHODID_SEARCH_RUNS = 75;
  private static final int METHODID_RESOLVE_RUN_ID = 76;
  private static final int METHODID_LIST_APP_NAMES = 77;
  private static final int METHODID_LIST_BUSINESS_KEYS = 78;
  private static final int METHODID_COUNT_RUNS_BY_STATUS = 79;
  private static final int METHODID_COUNT_EFFECTS_BY_STATUS = 80;
  private static final int METHODID_COUNT_OBLIGATIONS_BY_STATUS = 81;
  private static final int METHODID_COUNT_STUCK_EFFECTS = 82;
  private static final int METHODID_OLDEST_DUE_MS = 83;
  private static final int METHODID_COMPACTABLE_BYTES = 84;
  private static final int METHODID_INSERT_SESSION = 85;
  private static final int METHODID_DELETE_INVOCATION_EVENTS = 86;
  private static final int METHODID_GET_SCOPED_STATE = 87;
  private static final int METHODID_WRITE_SCOPED_STATE = 88;
  private static final int METHODID_APPEND_SCOPED_EVENT = 89;
  private static final int METHODID_GET_REACTION = 90;
  private static final int METHODID_RESUME_REACTION = 91;
  private static final int METHODID_REACTION_LAG = 92;
  private static final int METHODID_GET_TASK = 93;
  private static final int METHODID_RETRY_TASK = 94;
  private static final int METHODID_COUNT_TASKS = 95;
  private static final int METHODID_DUE_TASK_COUNTS = 96;
  private static final int METHODID_CLAIM_TASK_BATCH = 97;
  private static final int METHODID_HEARTBEAT_TASKS = 98;
  private static final int METHODID_COMPLETE_TASKS = 99;
  private static final int METHODID_DEAD_LETTER_LAPSED_TASKS = 100;
  private static final int METHODID_PAUSE_REACTION = 101;
  private static final int METHODID_SHARD_CURSORS = 102;
  private static final int METHODID_MATCH_BATCH = 103;
  private static final int METHODID_ADVANCE_REACTION = 104;
  private static final int METHODID_SUBSCRIBE = 105;
  private static final int METHODID_WATCH_COMMITS = 106;
  private static final int METHODID_MARK_CONNECTOR_MISSING = 107;
  private static final int METHODID_ACCEPTED_DIVERGENCES = 108;
  private static final int METHODID_FORK_RUN = 109;
  private static final int METHODID_LINK_RUN = 110;
  private static final int METHODID_RUN_TREE = 111;
  private static final int METHODID_UNDO_RUN = 112;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final TapeImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(TapeImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_BEGIN_RUN:
          serviceImpl.beginRun((dev.tape.proto.BeginRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BeginRunResponse>) responseObserver);
          break;
        case METHODID_RESUME_RUN:
          serviceImpl.resumeRun((dev.tape.proto.ResumeRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ResumeRunResponse>) responseObserver);
          break;
        case METHODID_END_RUN:
          serviceImpl.endRun((dev.tape.proto.EndRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EndRunResponse>) responseObserver);
          break;
        case METHODID_GET_RUN:
          serviceImpl.getRun((dev.tape.proto.GetRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunState>) responseObserver);
          break;
        case METHODID_STAMP_RUN_VERSION:
          serviceImpl.stampRunVersion((dev.tape.proto.StampRunVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunState>) responseObserver);
          break;
        case METHODID_DIVERGE_RUN:
          serviceImpl.divergeRun((dev.tape.proto.DivergeRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunState>) responseObserver);
          break;
        case METHODID_RESOLVE_DIVERGENCE:
          serviceImpl.resolveDivergence((dev.tape.proto.ResolveDivergenceRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunState>) responseObserver);
          break;
        case METHODID_LIST_RUNS_TO_RECOVER:
          serviceImpl.listRunsToRecover((dev.tape.proto.ListRunsToRecoverRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsToRecoverResponse>) responseObserver);
          break;
        case METHODID_SUBSCRIBE_RUN:
          serviceImpl.subscribeRun((dev.tape.proto.SubscribeRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.JournalEntry>) responseObserver);
          break;
        case METHODID_LIST_COMPACTABLE_RUNS:
          serviceImpl.listCompactableRuns((dev.tape.proto.ListCompactableRunsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse>) responseObserver);
          break;
        case METHODID_COMPACT_RUN:
          serviceImpl.compactRun((dev.tape.proto.CompactRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CompactRunResponse>) responseObserver);
          break;
        case METHODID_RECORD_DECISION:
          serviceImpl.recordDecision((dev.tape.proto.RecordDecisionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.DecisionRecord>) responseObserver);
          break;
        case METHODID_GET_DECISION:
          serviceImpl.getDecision((dev.tape.proto.GetDecisionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetDecisionResponse>) responseObserver);
          break;
        case METHODID_BEGIN_EFFECT:
          serviceImpl.beginEffect((dev.tape.proto.BeginEffectRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BeginEffectResponse>) responseObserver);
          break;
        case METHODID_COMPLETE_EFFECT:
          serviceImpl.completeEffect((dev.tape.proto.CompleteEffectRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord>) responseObserver);
          break;
        case METHODID_GET_EFFECT:
          serviceImpl.getEffect((dev.tape.proto.GetEffectRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse>) responseObserver);
          break;
        case METHODID_RECONCILE_EFFECT:
          serviceImpl.reconcileEffect((dev.tape.proto.ReconcileEffectRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord>) responseObserver);
          break;
        case METHODID_LIST_PENDING_EFFECTS:
          serviceImpl.listPendingEffects((dev.tape.proto.ListPendingEffectsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListPendingEffectsResponse>) responseObserver);
          break;
        case METHODID_LIST_EFFECTS_TO_DISPATCH:
          serviceImpl.listEffectsToDispatch((dev.tape.proto.ListEffectsToDispatchRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListEffectsToDispatchResponse>) responseObserver);
          break;
        case METHODID_CLAIM_EFFECT_DISPATCH:
          serviceImpl.claimEffectDispatch((dev.tape.proto.ClaimEffectDispatchRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ClaimEffectDispatchResponse>) responseObserver);
          break;
        case METHODID_RECORD_DISPATCH_ATTEMPT:
          serviceImpl.recordDispatchAttempt((dev.tape.proto.RecordDispatchAttemptRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord>) responseObserver);
          break;
        case METHODID_RECORD_EXTERNAL_OBSERVATION:
          serviceImpl.recordExternalObservation((dev.tape.proto.RecordExternalObservationRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord>) responseObserver);
          break;
        case METHODID_REGISTER_COMPENSATION:
          serviceImpl.registerCompensation((dev.tape.proto.RegisterCompensationRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord>) responseObserver);
          break;
        case METHODID_LIST_OBLIGATIONS:
          serviceImpl.listObligations((dev.tape.proto.ListObligationsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListObligationsResponse>) responseObserver);
          break;
        case METHODID_RESOLVE_OBLIGATION:
          serviceImpl.resolveObligation((dev.tape.proto.ResolveObligationRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord>) responseObserver);
          break;
        case METHODID_LIST_UNRESOLVED_OBLIGATIONS:
          serviceImpl.listUnresolvedObligations((dev.tape.proto.ListUnresolvedObligationsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListUnresolvedObligationsResponse>) responseObserver);
          break;
        case METHODID_CLAIM_OBLIGATION:
          serviceImpl.claimObligation((dev.tape.proto.ClaimObligationRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ClaimObligationResponse>) responseObserver);
          break;
        case METHODID_RECORD_OBLIGATION_ATTEMPT:
          serviceImpl.recordObligationAttempt((dev.tape.proto.RecordObligationAttemptRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ObligationRecord>) responseObserver);
          break;
        case METHODID_SET_BUDGET:
          serviceImpl.setBudget((dev.tape.proto.SetBudgetRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState>) responseObserver);
          break;
        case METHODID_ADMIT_BUDGET:
          serviceImpl.admitBudget((dev.tape.proto.AdmitBudgetRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.AdmitBudgetResponse>) responseObserver);
          break;
        case METHODID_CHARGE_BUDGET:
          serviceImpl.chargeBudget((dev.tape.proto.ChargeBudgetRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState>) responseObserver);
          break;
        case METHODID_BEGIN_DECISION:
          serviceImpl.beginDecision((dev.tape.proto.BeginDecisionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BeginDecisionResponse>) responseObserver);
          break;
        case METHODID_FAIL_DECISION_CALL:
          serviceImpl.failDecisionCall((dev.tape.proto.FailDecisionCallRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.FailDecisionCallResponse>) responseObserver);
          break;
        case METHODID_AWAIT_SIGNAL:
          serviceImpl.awaitSignal((dev.tape.proto.AwaitSignalRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.AwaitSignalResponse>) responseObserver);
          break;
        case METHODID_SEND_SIGNAL:
          serviceImpl.sendSignal((dev.tape.proto.SendSignalRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.SendSignalResponse>) responseObserver);
          break;
        case METHODID_SET_TIMER:
          serviceImpl.setTimer((dev.tape.proto.SetTimerRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.TimerRecord>) responseObserver);
          break;
        case METHODID_CANCEL_TIMER:
          serviceImpl.cancelTimer((dev.tape.proto.CancelTimerRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CancelTimerResponse>) responseObserver);
          break;
        case METHODID_LIST_DUE_TIMERS:
          serviceImpl.listDueTimers((dev.tape.proto.ListDueTimersRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListDueTimersResponse>) responseObserver);
          break;
        case METHODID_SUBSCRIBE_EVENTS:
          serviceImpl.subscribeEvents((dev.tape.proto.SubscribeEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EventEntry>) responseObserver);
          break;
        case METHODID_SUBSCRIBE_BY_SUBJECT:
          serviceImpl.subscribeBySubject((dev.tape.proto.SubscribeBySubjectRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EventEntry>) responseObserver);
          break;
        case METHODID_REGISTER_REACTION:
          serviceImpl.registerReaction((dev.tape.proto.Reaction) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Reaction>) responseObserver);
          break;
        case METHODID_DEREGISTER_REACTION:
          serviceImpl.deregisterReaction((dev.tape.proto.DeregisterReactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.DeregisterReactionResponse>) responseObserver);
          break;
        case METHODID_LIST_REACTIONS:
          serviceImpl.listReactions((dev.tape.proto.ListReactionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListReactionsResponse>) responseObserver);
          break;
        case METHODID_CLAIM_TASKS:
          serviceImpl.claimTasks((dev.tape.proto.ClaimTasksRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ClaimTasksResponse>) responseObserver);
          break;
        case METHODID_COMPLETE_TASK:
          serviceImpl.completeTask((dev.tape.proto.CompleteTaskRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CompleteTaskResponse>) responseObserver);
          break;
        case METHODID_NACK_TASK:
          serviceImpl.nackTask((dev.tape.proto.NackTaskRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.NackTaskResponse>) responseObserver);
          break;
        case METHODID_LIST_TASKS:
          serviceImpl.listTasks((dev.tape.proto.ListTasksRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse>) responseObserver);
          break;
        case METHODID_WRITE_VALUE:
          serviceImpl.writeValue((dev.tape.proto.WriteValueRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ValueRecord>) responseObserver);
          break;
        case METHODID_GET_VALUE:
          serviceImpl.getValue((dev.tape.proto.GetValueRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetValueResponse>) responseObserver);
          break;
        case METHODID_WATCH_VALUE:
          serviceImpl.watchValue((dev.tape.proto.WatchValueRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ValueEvent>) responseObserver);
          break;
        case METHODID_DELETE_VALUE:
          serviceImpl.deleteValue((dev.tape.proto.DeleteValueRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.DeleteValueResponse>) responseObserver);
          break;
        case METHODID_CREATE_SESSION:
          serviceImpl.createSession((dev.tape.proto.CreateSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Session>) responseObserver);
          break;
        case METHODID_GET_SESSION:
          serviceImpl.getSession((dev.tape.proto.GetSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetSessionResponse>) responseObserver);
          break;
        case METHODID_LIST_SESSIONS:
          serviceImpl.listSessions((dev.tape.proto.ListSessionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListSessionsResponse>) responseObserver);
          break;
        case METHODID_DELETE_SESSION:
          serviceImpl.deleteSession((dev.tape.proto.DeleteSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.DeleteSessionResponse>) responseObserver);
          break;
        case METHODID_APPEND_EVENT:
          serviceImpl.appendEvent((dev.tape.proto.AppendEventRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.AppendEventResponse>) responseObserver);
          break;
        case METHODID_CREATE_RUN:
          serviceImpl.createRun((dev.tape.proto.CreateRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BeginRunResponse>) responseObserver);
          break;
        case METHODID_RELEASE_RUN:
          serviceImpl.releaseRun((dev.tape.proto.ReleaseRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunState>) responseObserver);
          break;
        case METHODID_LIST_RUNS:
          serviceImpl.listRuns((dev.tape.proto.ListRunsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse>) responseObserver);
          break;
        case METHODID_COUNT_DECISIONS:
          serviceImpl.countDecisions((dev.tape.proto.CountDecisionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse>) responseObserver);
          break;
        case METHODID_BEGIN_EFFECTS:
          serviceImpl.beginEffects((dev.tape.proto.BeginEffectsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectList>) responseObserver);
          break;
        case METHODID_LIST_EFFECTS:
          serviceImpl.listEffects((dev.tape.proto.ListEffectsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectList>) responseObserver);
          break;
        case METHODID_CLAIM_EFFECTS_TO_DISPATCH:
          serviceImpl.claimEffectsToDispatch((dev.tape.proto.ClaimEffectsToDispatchRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectList>) responseObserver);
          break;
        case METHODID_RECORD_DISPATCH_OUTCOMES:
          serviceImpl.recordDispatchOutcomes((dev.tape.proto.RecordDispatchOutcomesRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RecordDispatchOutcomesResponse>) responseObserver);
          break;
        case METHODID_EXPIRE_DISPATCH_CLAIMS:
          serviceImpl.expireDispatchClaims((dev.tape.proto.ExpireDispatchClaimsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectList>) responseObserver);
          break;
        case METHODID_CLAIM_EFFECTS_TO_RECONCILE:
          serviceImpl.claimEffectsToReconcile((dev.tape.proto.ClaimEffectsToReconcileRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectList>) responseObserver);
          break;
        case METHODID_CLAIM_EFFECT_TO_RECONCILE:
          serviceImpl.claimEffectToReconcile((dev.tape.proto.ClaimEffectToReconcileRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse>) responseObserver);
          break;
        case METHODID_RESOLVE_EFFECT:
          serviceImpl.resolveEffect((dev.tape.proto.ResolveEffectRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.EffectRecord>) responseObserver);
          break;
        case METHODID_SETTLE_COMPENSATING_RUNS:
          serviceImpl.settleCompensatingRuns((dev.tape.proto.SettleCompensatingRunsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse>) responseObserver);
          break;
        case METHODID_REQUEST_REDRIVE:
          serviceImpl.requestRedrive((dev.tape.proto.RequestRedriveRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RequestRedriveResponse>) responseObserver);
          break;
        case METHODID_COUNT_REDRIVE:
          serviceImpl.countRedrive((dev.tape.proto.CountRedriveRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Empty>) responseObserver);
          break;
        case METHODID_CLAIM_OBLIGATION_NOW:
          serviceImpl.claimObligationNow((dev.tape.proto.ClaimObligationRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ClaimObligationResponse>) responseObserver);
          break;
        case METHODID_GET_BUDGET:
          serviceImpl.getBudget((dev.tape.proto.GetBudgetRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BudgetState>) responseObserver);
          break;
        case METHODID_MARK_TIMER_FIRED:
          serviceImpl.markTimerFired((dev.tape.proto.MarkTimerFiredRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.TimerRecord>) responseObserver);
          break;
        case METHODID_READ_JOURNAL:
          serviceImpl.readJournal((dev.tape.proto.ReadJournalRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ReadJournalResponse>) responseObserver);
          break;
        case METHODID_SEARCH_RUNS:
          serviceImpl.searchRuns((dev.tape.proto.SearchRunsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListRunsResponse>) responseObserver);
          break;
        case METHODID_RESOLVE_RUN_ID:
          serviceImpl.resolveRunId((dev.tape.proto.ResolveRunIdRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ResolveRunIdResponse>) responseObserver);
          break;
        case METHODID_LIST_APP_NAMES:
          serviceImpl.listAppNames((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Names>) responseObserver);
          break;
        case METHODID_LIST_BUSINESS_KEYS:
          serviceImpl.listBusinessKeys((dev.tape.proto.ListBusinessKeysRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.BusinessKeysResponse>) responseObserver);
          break;
        case METHODID_COUNT_RUNS_BY_STATUS:
          serviceImpl.countRunsByStatus((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts>) responseObserver);
          break;
        case METHODID_COUNT_EFFECTS_BY_STATUS:
          serviceImpl.countEffectsByStatus((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts>) responseObserver);
          break;
        case METHODID_COUNT_OBLIGATIONS_BY_STATUS:
          serviceImpl.countObligationsByStatus((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts>) responseObserver);
          break;
        case METHODID_COUNT_STUCK_EFFECTS:
          serviceImpl.countStuckEffects((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse>) responseObserver);
          break;
        case METHODID_OLDEST_DUE_MS:
          serviceImpl.oldestDueMs((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.NamedCounts>) responseObserver);
          break;
        case METHODID_COMPACTABLE_BYTES:
          serviceImpl.compactableBytes((dev.tape.proto.CompactableBytesRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse>) responseObserver);
          break;
        case METHODID_INSERT_SESSION:
          serviceImpl.insertSession((dev.tape.proto.CreateSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetSessionResponse>) responseObserver);
          break;
        case METHODID_DELETE_INVOCATION_EVENTS:
          serviceImpl.deleteInvocationEvents((dev.tape.proto.DeleteInvocationEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CountResponse>) responseObserver);
          break;
        case METHODID_GET_SCOPED_STATE:
          serviceImpl.getScopedState((dev.tape.proto.GetScopedStateRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ScopedState>) responseObserver);
          break;
        case METHODID_WRITE_SCOPED_STATE:
          serviceImpl.writeScopedState((dev.tape.proto.WriteScopedStateRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Empty>) responseObserver);
          break;
        case METHODID_APPEND_SCOPED_EVENT:
          serviceImpl.appendScopedEvent((dev.tape.proto.AppendScopedEventRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.AppendEventResponse>) responseObserver);
          break;
        case METHODID_GET_REACTION:
          serviceImpl.getReaction((dev.tape.proto.GetReactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Reaction>) responseObserver);
          break;
        case METHODID_RESUME_REACTION:
          serviceImpl.resumeReaction((dev.tape.proto.ResumeReactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Reaction>) responseObserver);
          break;
        case METHODID_REACTION_LAG:
          serviceImpl.reactionLag((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ReactionLagResponse>) responseObserver);
          break;
        case METHODID_GET_TASK:
          serviceImpl.getTask((dev.tape.proto.GetTaskRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Task>) responseObserver);
          break;
        case METHODID_RETRY_TASK:
          serviceImpl.retryTask((dev.tape.proto.RetryTaskRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Task>) responseObserver);
          break;
        case METHODID_COUNT_TASKS:
          serviceImpl.countTasks((dev.tape.proto.CountTasksRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.StatusCounts>) responseObserver);
          break;
        case METHODID_DUE_TASK_COUNTS:
          serviceImpl.dueTaskCounts((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.NamedCounts>) responseObserver);
          break;
        case METHODID_CLAIM_TASK_BATCH:
          serviceImpl.claimTaskBatch((dev.tape.proto.ClaimTaskBatchRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ClaimTaskBatchResponse>) responseObserver);
          break;
        case METHODID_HEARTBEAT_TASKS:
          serviceImpl.heartbeatTasks((dev.tape.proto.HeartbeatTasksRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.Names>) responseObserver);
          break;
        case METHODID_COMPLETE_TASKS:
          serviceImpl.completeTasks((dev.tape.proto.CompleteTasksRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CompleteTasksResponse>) responseObserver);
          break;
        case METHODID_DEAD_LETTER_LAPSED_TASKS:
          serviceImpl.deadLetterLapsedTasks((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse>) responseObserver);
          break;
        case METHODID_PAUSE_REACTION:
          serviceImpl.pauseReaction((dev.tape.proto.PauseReactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.PauseReactionResponse>) responseObserver);
          break;
        case METHODID_SHARD_CURSORS:
          serviceImpl.shardCursors((dev.tape.proto.ShardCursorsRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ShardCursorsResponse>) responseObserver);
          break;
        case METHODID_MATCH_BATCH:
          serviceImpl.matchBatch((dev.tape.proto.MatchBatchRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.ListTasksResponse>) responseObserver);
          break;
        case METHODID_ADVANCE_REACTION:
          serviceImpl.advanceReaction((dev.tape.proto.AdvanceReactionRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.AdvanceReactionResponse>) responseObserver);
          break;
        case METHODID_SUBSCRIBE:
          serviceImpl.subscribe((dev.tape.proto.SubscribeRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.JournalEntry>) responseObserver);
          break;
        case METHODID_WATCH_COMMITS:
          serviceImpl.watchCommits((dev.tape.proto.Empty) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.CommitNotice>) responseObserver);
          break;
        case METHODID_MARK_CONNECTOR_MISSING:
          serviceImpl.markConnectorMissing((dev.tape.proto.MarkConnectorMissingRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.GetEffectResponse>) responseObserver);
          break;
        case METHODID_ACCEPTED_DIVERGENCES:
          serviceImpl.acceptedDivergences((dev.tape.proto.AcceptedDivergencesRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.AcceptedDivergencesResponse>) responseObserver);
          break;
        case METHODID_FORK_RUN:
          serviceImpl.forkRun((dev.tape.proto.ForkRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunState>) responseObserver);
          break;
        case METHODID_LINK_RUN:
          serviceImpl.linkRun((dev.tape.proto.LinkRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.LinkRunResponse>) responseObserver);
          break;
        case METHODID_RUN_TREE:
          serviceImpl.runTree((dev.tape.proto.RunTreeRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.RunTreeResponse>) responseObserver);
          break;
        case METHODID_UNDO_RUN:
          serviceImpl.undoRun((dev.tape.proto.UndoRunRequest) request,
              (io.grpc.stub.StreamObserver<dev.tape.proto.UndoRunResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class TapeBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TapeBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.tape.proto.TapeProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("Tape");
    }
  }

  private static final class TapeFileDescriptorSupplier
      extends TapeBaseDescriptorSupplier {
    TapeFileDescriptorSupplier() {}
  }

  private static final class TapeMethodDescriptorSupplier
      extends TapeBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    TapeMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (TapeGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TapeFileDescriptorSupplier())
              .addMethod(getBeginRunMethod())
              .addMethod(getResumeRunMethod())
              .addMethod(getEndRunMethod())
              .addMethod(getGetRunMethod())
              .addMethod(getStampRunVersionMethod())
              .addMethod(getDivergeRunMethod())
              .addMethod(getResolveDivergenceMethod())
              .addMethod(getListRunsToRecoverMethod())
              .addMethod(getSubscribeRunMethod())
              .addMethod(getListCompactableRunsMethod())
              .addMethod(getCompactRunMethod())
              .addMethod(getRecordDecisionMethod())
              .addMethod(getGetDecisionMethod())
              .addMethod(getBeginEffectMethod())
              .addMethod(getCompleteEffectMethod())
              .addMethod(getGetEffectMethod())
              .addMethod(getReconcileEffectMethod())
              .addMethod(getListPendingEffectsMethod())
              .addMethod(getListEffectsToDispatchMethod())
              .addMethod(getClaimEffectDispatchMethod())
              .addMethod(getRecordDispatchAttemptMethod())
              .addMethod(getRecordExternalObservationMethod())
              .addMethod(getRegisterCompensationMethod())
              .addMethod(getListObligationsMethod())
              .addMethod(getResolveObligationMethod())
              .addMethod(getListUnresolvedObligationsMethod())
              .addMethod(getClaimObligationMethod())
              .addMethod(getRecordObligationAttemptMethod())
              .addMethod(getSetBudgetMethod())
              .addMethod(getAdmitBudgetMethod())
              .addMethod(getChargeBudgetMethod())
              .addMethod(getBeginDecisionMethod())
              .addMethod(getFailDecisionCallMethod())
              .addMethod(getAwaitSignalMethod())
              .addMethod(getSendSignalMethod())
              .addMethod(getSetTimerMethod())
              .addMethod(getCancelTimerMethod())
              .addMethod(getListDueTimersMethod())
              .addMethod(getSubscribeEventsMethod())
              .addMethod(getSubscribeBySubjectMethod())
              .addMethod(getRegisterReactionMethod())
              .addMethod(getDeregisterReactionMethod())
              .addMethod(getListReactionsMethod())
              .addMethod(getClaimTasksMethod())
              .addMethod(getCompleteTaskMethod())
              .addMethod(getNackTaskMethod())
              .addMethod(getListTasksMethod())
              .addMethod(getWriteValueMethod())
              .addMethod(getGetValueMethod())
              .addMethod(getWatchValueMethod())
              .addMethod(getDeleteValueMethod())
              .addMethod(getCreateSessionMethod())
              .addMethod(getGetSessionMethod())
              .addMethod(getListSessionsMethod())
              .addMethod(getDeleteSessionMethod())
              .addMethod(getAppendEventMethod())
              .addMethod(getCreateRunMethod())
              .addMethod(getReleaseRunMethod())
              .addMethod(getListRunsMethod())
              .addMethod(getCountDecisionsMethod())
              .addMethod(getBeginEffectsMethod())
              .addMethod(getListEffectsMethod())
              .addMethod(getClaimEffectsToDispatchMethod())
              .addMethod(getRecordDispatchOutcomesMethod())
              .addMethod(getExpireDispatchClaimsMethod())
              .addMethod(getClaimEffectsToReconcileMethod())
              .addMethod(getClaimEffectToReconcileMethod())
              .addMethod(getResolveEffectMethod())
              .addMethod(getSettleCompensatingRunsMethod())
              .addMethod(getRequestRedriveMethod())
              .addMethod(getCountRedriveMethod())
              .addMethod(getClaimObligationNowMethod())
              .addMethod(getGetBudgetMethod())
              .addMethod(getMarkTimerFiredMethod())
              .addMethod(getReadJournalMethod())
              .addMethod(getSearchRunsMethod())
              .addMethod(getResolveRunIdMethod())
              .addMethod(getListAppNamesMethod())
              .addMethod(getListBusinessKeysMethod())
              .addMethod(getCountRunsByStatusMethod())
              .addMethod(getCountEffectsByStatusMethod())
              .addMethod(getCountObligationsByStatusMethod())
              .addMethod(getCountStuckEffectsMethod())
              .addMethod(getOldestDueMsMethod())
              .addMethod(getCompactableBytesMethod())
              .addMethod(getInsertSessionMethod())
              .addMethod(getDeleteInvocationEventsMethod())
              .addMethod(getGetScopedStateMethod())
              .addMethod(getWriteScopedStateMethod())
              .addMethod(getAppendScopedEventMethod())
              .addMethod(getGetReactionMethod())
              .addMethod(getResumeReactionMethod())
              .addMethod(getReactionLagMethod())
              .addMethod(getGetTaskMethod())
              .addMethod(getRetryTaskMethod())
              .addMethod(getCountTasksMethod())
              .addMethod(getDueTaskCountsMethod())
              .addMethod(getClaimTaskBatchMethod())
              .addMethod(getHeartbeatTasksMethod())
              .addMethod(getCompleteTasksMethod())
              .addMethod(getDeadLetterLapsedTasksMethod())
              .addMethod(getPauseReactionMethod())
              .addMethod(getShardCursorsMethod())
              .addMethod(getMatchBatchMethod())
              .addMethod(getAdvanceReactionMethod())
              .addMethod(getSubscribeMethod())
              .addMethod(getWatchCommitsMethod())
              .addMethod(getMarkConnectorMissingMethod())
              .addMethod(getAcceptedDivergencesMethod())
              .addMethod(getForkRunMethod())
              .addMethod(getLinkRunMethod())
              .addMethod(getRunTreeMethod())
              .addMethod(getUndoRunMethod())
              .build();
        }
      }
    }
    return result;
  }
}
