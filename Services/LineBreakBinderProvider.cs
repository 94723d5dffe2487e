using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace ShopPortal.Services;

/// <summary>
/// Binds every string (form fields, query and route values alike) with its line breaks as a single LF. Browsers
/// send a textarea's line breaks as CR LF but count each as one character against its <c>maxlength</c>, so without
/// this a comment that fits the box is refused as too long, and stored text would mix both kinds of line break.
/// </summary>
public sealed class LineBreakBinderProvider : IModelBinderProvider
{
    public static void Register(MvcOptions options)
    {
        // Just before the stock binder of simple types, so that bodies, headers and services bind as before.
        var stock = options.ModelBinderProviders.IndexOf(options.ModelBinderProviders.OfType<SimpleTypeModelBinderProvider>().Single());
        options.ModelBinderProviders.Insert(stock, new LineBreakBinderProvider());
    }

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
            ? new Binder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result.Model is string text && text.Contains('\r'))
            {
                bindingContext.Result = ModelBindingResult.Success(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));
            }
        }
    }
}
