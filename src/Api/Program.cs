using SmsCallback.Api;
using SmsCallback.Api.Operations;
using SmsCallback.Application;
using SmsCallback.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddApplication().AddInfrastructure(builder.Configuration).AddCallbackProcessing();
builder.Services.AddApi(builder.Configuration);
builder.AddObservability();

var app = builder.Build();
await app.InitialiseAsync();
app.UseApi();
app.UseObservability();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
