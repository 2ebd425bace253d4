using IdentityE2E.Backend;
using IdentityE2E.Backend.Auth;
using IdentityE2E.Backend.Errors;
using IdentityE2E.Backend.Identities;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentities();
builder.AddIdentitiesAuth();
builder.Services.AddProblemDetails();
builder.AddErrorHandling();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// After the status code pages, so that a refused token's bare 401 or 403 becomes problem details.
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapApiReference();
app.MapIdentitiesApi();

app.Run();

public partial class Program;
