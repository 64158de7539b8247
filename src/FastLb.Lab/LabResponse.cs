namespace FastLb.Lab;

/// <summary>One HTTP answer seen by the lab client: status, body and the server that sent it (X-Served-By).</summary>
public sealed record LabResponse(int StatusCode, string Body, string? ServedBy);
