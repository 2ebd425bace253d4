using System.Reflection;
using Microsoft.AspNetCore.Components.Forms;

namespace IdentityE2E.Frontend.Components.Identities;

/// <summary>Puts the backend's validation errors next to the form fields they are about.</summary>
public static class BackendErrors
{
    /// <summary>The message shown next to the email field when the backend answers 409.</summary>
    public const string EmailTaken = "Another identity already uses this email address.";

    /// <summary>
    /// Adds each error to the field whose camelCase wire name it carries (<c>givenName</c> to
    /// <c>GivenName</c>); returns the messages that match no field, for a banner above the form.
    /// </summary>
    public static IReadOnlyList<string> ShowNextToFields(
        EditContext editContext, ValidationMessageStore messages, IReadOnlyDictionary<string, string[]> errors)
    {
        var unmatched = new List<string>();
        foreach (var (key, texts) in errors)
        {
            var property = editContext.Model.GetType().GetProperty(
                key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                unmatched.AddRange(texts);
            }
            else
            {
                messages.Add(editContext.Field(property.Name), texts);
            }
        }

        editContext.NotifyValidationStateChanged();
        return unmatched;
    }
}
