using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace ShopPortal.Services;

/// <summary>
/// Binds amounts, hours and rates as typed in the shop's en-US format, where a comma only groups thousands. The stock
/// binder drops a comma wherever it stands, so a phone's decimal comma multiplied what was meant: "1,5" hours became
/// 15 and a price of "19,99" became 1,999.00. A comma that does not group thousands ("1,5", "19,99", "1,50,0") is
/// refused with a message; "1,000.50" is still 1000.50.
/// </summary>
public sealed partial class DecimalBinderProvider : IModelBinderProvider
{
    public static void Register(MvcOptions options)
    {
        // Just before the stock binder of numbers, so that it is the one asked first for decimals.
        var stock = options.ModelBinderProviders.IndexOf(options.ModelBinderProviders.OfType<FloatingPointTypeModelBinderProvider>().Single());
        options.ModelBinderProviders.Insert(stock, new DecimalBinderProvider());
    }

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal)
            ? new Binder(new DecimalModelBinder(NumberStyles.Float | NumberStyles.AllowThousands, context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    [GeneratedRegex(@"^\s*[+-]?\d{1,3}(,\d{3})+(\.\d*)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedThousands();

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var typed = bindingContext.ValueProvider.GetValue(bindingContext.ModelName).FirstValue;
            if (typed is not null && typed.Contains(',') && !GroupedThousands().IsMatch(typed))
            {
                var name = bindingContext.ModelMetadata.GetDisplayName();
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, typed, typed);
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    $"{name}: \"{typed}\" is not a number here. Use a point for decimals (1.5); a comma only separates thousands (1,000).");
                bindingContext.Result = ModelBindingResult.Failed();
                return Task.CompletedTask;
            }
            return inner.BindModelAsync(bindingContext);
        }
    }
}
