namespace Fapilog.Serilog;

/// <summary>
/// A batch sink that prefers full batches (a network sink that pays per request). A pipeline that contains
/// one waits until <c>BatchSizeLimit</c> events are queued, or until the oldest queued event has waited
/// <see cref="FapilogPipelineOptions.BufferingTimeLimit"/>, before it writes a batch; a flush or a close writes at once.
/// </summary>
/// <remarks>
/// The wait applies to the whole pipeline, so put such sinks in a pipeline of their own and keep local
/// outputs (file, console) in another, where they are written as soon as the queue runs empty.
/// </remarks>
public interface IFapilogBufferedBatchSink : IFapilogBatchSink
{
}
