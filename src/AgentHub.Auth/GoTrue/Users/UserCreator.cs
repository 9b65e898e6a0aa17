using System.Data.Common;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Storage;
using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// Inserts new users for sign-up and the admin API, mapping database failures to GoTrue's answers:
/// an address taken in the meantime is the caller's conflict error; anything else (typically an
/// app's trigger on <c>auth.users</c> raising) is 500 "Database error saving new user".
/// </summary>
internal sealed class UserCreator(UserStore users, ILogger<UserCreator> logger)
{
    public async Task<UserRecord> CreateAsync(NewUser user, Func<AuthError> emailTaken, CancellationToken cancellationToken)
    {
        DbException failure;
        try
        {
            return await users.InsertAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            failure = e;
        }

        // Another request took the address between our check and our insert.
        if (failure.SqlState == Db.UniqueViolation)
        {
            if (user.Email is { } email && await users.EmailTakenAsync(email, user.Id, cancellationToken).ConfigureAwait(false))
            {
                throw emailTaken().ToException();
            }
            if (user.Phone is { } phone && await users.PhoneTakenAsync(phone, user.Id, cancellationToken).ConfigureAwait(false))
            {
                throw AuthError.Unprocessable(AuthErrorCodes.PhoneExists, "A user with this phone number has already been registered").ToException();
            }
        }
        logger.SaveUserFailed(failure);
        throw AuthError.Internal("Database error saving new user").ToException();
    }
}
