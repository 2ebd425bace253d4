using IdentityE2E.Backend.Errors;
using IdentityE2E.Backend.Identities;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentities();
builder.Services.AddProblemDetails();
builder.AddErrorHandling();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapIdentitiesApi();

app.Run();

public partial class Program;
