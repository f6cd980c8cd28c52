"""Hugo layouts for the benchmark corpus's Hugo site (bench/gen_corpus.py): the same page
furniture as safeguide's default theme, roughly, and its stylesheets."""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
<link rel="stylesheet" href="{{ "css/syntax.css" | relURL }}">
<link rel="stylesheet" href="{{ "css/print.css" | relURL }}" media="print">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
  <form class="site-search" action="{{ "/search/" | relURL }}" role="search"><label for="q">Search</label><input id="q" name="q" type="search"></form>
</header>
<nav class="audiences" aria-label="Audiences"><ul>
{{- range site.Params.audiences }}<li><a href="{{ printf "/%s/" .id | relURL }}">{{ .name }}</a></li>{{ end -}}
</ul></nav>
{{ if not .IsHome }}<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
{{- range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end -}}
<li aria-current="page">{{ .Title }}</li></ol></nav>{{ end }}
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<aside class="report-panel" aria-labelledby="report-heading">
<h2 id="report-heading">Report a concern</h2>
<ul>{{ range site.Params.report }}<li>{{ with .url }}<a href="{{ . }}">{{ else }}<strong>{{ end }}{{ .label }}{{ if .url }}</a>{{ else }}</strong>{{ end }}{{ with .description }} <span>{{ . }}</span>{{ end }}</li>{{ end }}</ul>
<p><a href="{{ "/report/" | relURL }}">All the ways to report</a></p>
</aside>
<footer class="site-footer">
<p>{{ site.Title }}</p>
<p><a href="{{ "/search/" | relURL }}">Search</a> · <a href="{{ "/report/" | relURL }}">Report a concern</a> · <a href="{{ "/sitemap.xml" | relURL }}">Sitemap</a></p>
</footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<article class="page kind-{{ .Params.pagekind | default "page" }}">
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<dl class="page-meta">
<dt>For</dt><dd>{{ range $i, $a := .Params.audience }}{{ if $i }}, {{ end }}<a href="{{ printf "/%s/" $a | relURL }}">{{ $a }}</a>{{ end }}</dd>
<dt>Updated</dt><dd><time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2 January 2006" }}</time></dd>
{{ with .Params.review_by }}<dt>Review by</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.owner }}<dt>Owner</dt><dd>{{ . }}</dd>{{ end }}
</dl>
{{ with .TableOfContents }}<nav class="toc" aria-label="On this page"><h2>On this page</h2>{{ . }}</nav>{{ end }}
<div class="content">{{ .Content }}</div>
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ .Content }}
{{ if and .IsSection .Parent.IsHome }}
{{ range (.RegularPagesRecursive.GroupByParam "pagekind") }}
<section class="listing-group"><h2>{{ .Key | humanize }}</h2>
<ul class="listing">{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul></section>
{{ end }}
{{ else }}
<ul class="listing">{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
{{ end }}
"""

HUGO_INDEX = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul class="audience-cards">{{ range site.Params.audiences }}<li><a href="{{ printf "/%s/" .id | relURL }}"><h2>{{ .name }}</h2><p>{{ .description }}</p></a></li>{{ end }}</ul>
<section class="recent"><h2>Recently updated</h2><ul>
{{ range first 20 site.RegularPages.ByLastmod.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Lastmod.Format "2 January 2006" }}</time></li>{{ end }}
</ul></section>
{{ end }}
"""

HUGO_INDEX_JSON = """[
{{- range $i, $p := site.RegularPages -}}
{{- if $i }},{{ end -}}
{{- dict "title" $p.Title "url" $p.RelPermalink "summary" $p.Params.summary "audience" $p.Params.audience "kind" $p.Params.pagekind "body" $p.Plain | jsonify -}}
{{- end -}}
]
"""

HUGO_404 = """{{ define "main" }}
<h1>Page not found</h1>
<p>The page you were looking for is not here. Try the <a href="{{ "/search/" | relURL }}">search</a>.</p>
{{ end }}
"""

HUGO_CSS = """body{font:1.05rem/1.6 system-ui,sans-serif;margin:0;color:#1b1b1b}
.site-header,.audiences,.breadcrumbs,main,.report-panel,.site-footer{max-width:48rem;margin:0 auto;padding:0 1rem}
.audiences ul,.breadcrumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}
.summary{font-size:1.2rem;color:#444}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}
blockquote{border-left:4px solid #1d70b8;margin:1rem 0;padding:.5rem 1rem;background:#f3f8fc}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:1rem}
"""
HUGO_PRINT_CSS = """nav,.site-search,.report-panel,.skip-link{display:none}a::after{content:" (" attr(href) ")"}
"""
HUGO_SYNTAX_CSS = """.chroma{background:#f7f7f7}.chroma .k,.chroma .kd,.chroma .nt{color:#005cc5}
.chroma .s,.chroma .s1,.chroma .s2,.chroma .sd{color:#032f62}.chroma .c,.chroma .c1{color:#6a737d}
.chroma .m,.chroma .mi,.chroma .mf{color:#e36209}.chroma .nb,.chroma .nv{color:#6f42c1}
"""
