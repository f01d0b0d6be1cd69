/* SPDX-License-Identifier: MIT
 * briefing_labels: the briefing's UI wording. Labels come from the report model's
 * "labels" (src/model/i18n's flat keys, matched through an alias table), else from the
 * built-in English and Chinese wording here, else the key humanised. */
#include <stdio.h>
#include <string.h>

#include "render/briefing_impl.h"

struct label { const char *key, *en, *zh; };

static const struct label builtin_labels[] = {
	{ "section.kpis", "Key indicators", "关键指标" },
	{ "section.pipeline", "Pipeline and prospects", "销售管道与潜在客户" },
	{ "section.customers", "Customers", "客户" },
	{ "section.retention", "Retention and churn", "客户留存与流失" },
	{ "section.segments", "Segments", "客户细分" },
	{ "section.partners", "Partners", "合作伙伴" },
	{ "section.forecast", "Forecast", "预测" },
	{ "section.appendix", "Appendix", "附录" },
	{ "sub.kpi_table", "Week over week", "周环比" },
	{ "sub.funnel", "Funnel by stage", "各阶段漏斗" },
	{ "sub.prospects", "Top prospects", "重点潜在客户" },
	{ "sub.rfm", "RFM segments", "RFM 客群" },
	{ "sub.lifecycle", "Lifecycle stages", "客户生命周期" },
	{ "sub.expansion", "Expansion candidates", "增购机会" },
	{ "sub.at_risk", "At-risk accounts", "流失风险客户" },
	{ "sub.clusters", "Customer segments (k-means)", "客户细分（k-means）" },
	{ "sub.market", "Market segments", "市场细分" },
	{ "sub.partners", "Partner ranking", "合作伙伴排名" },
	{ "sub.schemes", "Cooperation schemes", "合作方案" },
	{ "sub.ols", "Drivers of sales (OLS)", "销售驱动因素（OLS）" },
	{ "sub.holt", "Revenue forecast", "收入预测" },
	{ "sub.rules", "Decision rules", "决策规则" },
	{ "sub.data_quality", "Data quality", "数据质量" },
	{ "sub.notes", "Notes", "说明" },
	{ "sub.methods", "Methods", "方法" },
	{ "sub.parameters", "Parameters", "参数" },
	{ "col.indicator", "Indicator", "指标" },
	{ "col.this_week", "This week", "本周" },
	{ "col.previous_week", "Previous week", "上周" },
	{ "col.previous", "Last week", "上周" },
	{ "col.change", "Change", "变化" },
	{ "col.change_pct", "% change", "变化率" },
	{ "col.rank", "#", "#" },
	{ "col.id", "ID", "编号" },
	{ "col.name", "Name", "名称" },
	{ "col.account", "Account", "客户" },
	{ "col.stage", "Stage", "阶段" },
	{ "col.amount", "Amount", "金额" },
	{ "col.p_win", "P(win)", "赢单概率" },
	{ "col.score", "Score", "评分" },
	{ "col.reasons", "Why", "原因" },
	{ "col.p_churn", "P(churn)", "流失概率" },
	{ "col.clv", "CLV", "终身价值" },
	{ "col.risk", "Value at risk", "风险价值" },
	{ "col.customers", "Customers", "客户数" },
	{ "col.revenue", "Revenue", "收入" },
	{ "col.share", "Share", "占比" },
	{ "col.count", "Deals", "数量" },
	{ "col.conversion", "Conversion", "转化率" },
	{ "col.size", "Customers", "客户数" },
	{ "col.recency", "Recency", "最近购买" },
	{ "col.frequency", "Frequency", "频次" },
	{ "col.monetary", "Monetary", "消费额" },
	{ "col.segment", "Segment", "细分" },
	{ "col.key", "Segment", "细分" },
	{ "col.win_rate", "Win rate", "赢率" },
	{ "col.growth", "Growth", "增长" },
	{ "col.dataset", "Dataset", "数据集" },
	{ "col.rows_read", "Rows read", "读取行数" },
	{ "col.rows_kept", "Rows kept", "保留行数" },
	{ "col.dropped", "Dropped", "丢弃" },
	{ "col.missing", "Missing values", "缺失值" },
	{ "col.duplicates", "Duplicate ids", "重复编号" },
	{ "col.date_range", "Dates", "日期范围" },
	{ "col.feature", "Feature", "变量" },
	{ "col.coefficient", "Coefficient", "系数" },
	{ "col.std_error", "Std. error", "标准误" },
	{ "col.week", "Week", "周" },
	{ "col.forecast", "Forecast", "预测" },
	{ "col.lower", "Lower 95%", "下限 95%" },
	{ "col.upper", "Upper 95%", "上限 95%" },
	{ "col.spend", "Spend", "消费额" },
	{ "col.gap", "Gap", "差距" },
	{ "col.stability", "Rank stability", "排名稳定性" },
	{ "col.keep", "Rank kept", "排名保持率" },
	{ "col.reached", "Reached", "到达" },
	{ "col.probability", "Win probability", "赢单概率" },
	{ "col.term", "Term", "变量" },
	{ "col.t", "t", "t" },
	{ "col.p", "p", "p" },
	{ "col.value", "Value", "数值" },
	{ "kpi.revenue", "Revenue", "营业收入" },
	{ "kpi.orders", "Orders", "订单数" },
	{ "kpi.average_order_value", "Average order value", "平均订单金额" },
	{ "kpi.aov", "Average order value", "平均订单金额" },
	{ "kpi.active_customers", "Active customers", "活跃客户" },
	{ "kpi.new_customers", "New customers", "新客户" },
	{ "kpi.churned_customers", "Churned customers", "流失客户" },
	{ "kpi.churn_rate", "Churn rate", "流失率" },
	{ "kpi.open_pipeline", "Open pipeline", "在手商机" },
	{ "kpi.deals_won", "Deals won", "赢单数" },
	{ "kpi.win_rate", "Win rate", "赢率" },
	{ "kpi.average_satisfaction", "Average satisfaction", "平均满意度" },
	{ "kpi.avg_satisfaction", "Average satisfaction", "平均满意度" },
	{ "text.vs_last_week", "vs last week", "较上周" },
	{ "text.revenue_trend", "Revenue, last 12 weeks", "近 12 周收入" },
	{ "text.week", "Week", "周" },
	{ "text.to", "to", "至" },
	{ "text.yes", "yes", "是" },
	{ "text.no", "no", "否" },
	{ "text.subject", "Weekly business-development briefing", "商务拓展周报简报" },
	{ "text.keywords", "business development, KPIs, pipeline, customers, retention, forecast",
	  "商务拓展, 关键指标, 销售管道, 客户, 留存, 预测" },
	{ "text.win_rate", "Win rate", "赢率" },
	{ "text.avg_won_amount", "Average won deal", "平均赢单金额" },
	{ "text.median_cycle_days", "Median sales cycle", "销售周期中位数" },
	{ "text.open_pipeline", "Open pipeline", "在手商机" },
	{ "text.weighted_pipeline", "Weighted pipeline", "加权商机" },
	{ "text.velocity", "Velocity", "销售速度" },
	{ "text.lead_model", "Lead-scoring model on held-out deals", "商机评分模型（留出集）" },
	{ "text.churn_model", "Churn model on held-out customers", "流失模型（留出集）" },
	{ "text.auc", "ROC AUC", "ROC AUC" },
	{ "text.accuracy", "Accuracy", "准确率" },
	{ "text.precision", "Precision", "精确率" },
	{ "text.recall", "Recall", "召回率" },
	{ "text.median", "Median customer lifetime", "客户寿命中位数" },
	{ "text.logrank", "Log-rank test p", "对数秩检验 p 值" },
	{ "text.concordance", "Cox concordance", "Cox 一致性指数" },
	{ "text.k", "Segments (k)", "细分数 (k)" },
	{ "text.silhouette", "Silhouette", "轮廓系数" },
	{ "text.davies_bouldin", "Davies–Bouldin", "Davies–Bouldin 指数" },
	{ "text.r2", "R²", "R²" },
	{ "text.adj_r2", "Adjusted R²", "调整后 R²" },
	{ "text.rmse", "RMSE", "RMSE" },
	{ "text.clv_total", "Total lifetime value", "终身价值合计" },
	{ "text.clv_median", "Median lifetime value", "终身价值中位数" },
	{ "text.next_week", "Next week", "下周预测" },
	{ "text.method", "Method", "方法" },
	{ "text.generated_by", "Generated by", "生成工具" },
	{ "text.as_of", "Data as of", "数据截至" },
	{ "text.none", "none", "无" },
	{ "method.data_quality", "Data quality: rows read, kept and dropped per dataset, with the reason.",
	  "数据质量：各数据集读取、保留与丢弃的行数及原因。" },
	{ "method.kpis", "KPIs: this week is the 7 days ending on the report date; the previous week is the 7 days before.",
	  "关键指标：本周为截至报告日期的 7 天，上周为其前 7 天。" },
	{ "method.rfm", "RFM: recency, frequency and monetary value scored 1–5 by quintiles of the rank; segments from the R and F scores.",
	  "RFM：按排名五分位对最近购买、频次与消费额打 1–5 分，按 R、F 分数划分客群。" },
	{ "method.clv", "CLV: annual value discounted over the horizon with retention r = 1 − churn rate.",
	  "客户终身价值：年度价值按留存率 r = 1 − 流失率 在期限内折现求和。" },
	{ "method.segmentation", "Segments: k-means (k-means++, 10 starts) on z-scored log features; k by the best silhouette.",
	  "客户细分：对标准化的对数特征做 k-means（k-means++，10 次初始化），按轮廓系数选 k。" },
	{ "method.lead_scoring", "Lead scoring: logistic regression of won vs lost, evaluated on a stratified 80/20 split.",
	  "商机评分：对赢单与输单做逻辑回归，以分层 80/20 划分评估。" },
	{ "method.churn", "Churn: logistic regression of churned on customer features.",
	  "流失预测：以客户特征对是否流失做逻辑回归。" },
	{ "method.retention", "Retention: Kaplan–Meier survival with Greenwood variance and 95% confidence band.",
	  "留存：Kaplan–Meier 生存曲线，Greenwood 方差与 95% 置信带。" },
	{ "method.funnel", "Funnel: stage counts and conversion; weighted pipeline by historical win rates per stage.",
	  "漏斗：各阶段数量与转化率；加权商机按各阶段历史赢率计算。" },
	{ "method.partners", "Partners: weighted score of min–max normalised criteria; stability under ±20% weight changes.",
	  "合作伙伴：最小–最大归一化指标的加权评分；权重 ±20% 变动下的排名稳定性。" },
	{ "method.forecast", "Forecast: OLS of sales on marketing drivers; Holt linear trend of weekly revenue with 95% intervals.",
	  "预测：以营销投入对销售做 OLS 回归；对每周收入做 Holt 线性趋势平滑并给出 95% 区间。" },
	{ "method.targets", "Targets: prospects by p(win) × amount, at-risk accounts by p(churn) × CLV, each with its two strongest reasons.",
	  "目标名单：潜在客户按赢单概率 × 金额，风险客户按流失概率 × 终身价值排序，并列出两条主要原因。" },
};

/* Our label keys -> the flat keys of src/model/i18n (model.labels). col.* and kpi.*
 * map to their name, method.* to method_<name>; these are the rest. */
static const char *const aliases[][2] = {
	{ "section.kpis", "sec_kpis" }, { "section.pipeline", "page_pipeline" },
	{ "section.customers", "page_customers" }, { "section.retention", "page_retention" },
	{ "section.segments", "page_segments" }, { "section.partners", "page_partners" },
	{ "section.forecast", "page_forecast" }, { "section.appendix", "page_data" },
	{ "sub.funnel", "sec_funnel" }, { "sub.prospects", "sec_targets_prospects" },
	{ "sub.rfm", "sec_rfm" }, { "sub.lifecycle", "sec_lifecycle" },
	{ "sub.expansion", "sec_targets_expansion" }, { "sub.at_risk", "sec_targets_retention" },
	{ "sub.clusters", "sec_segmentation" }, { "sub.market", "sec_market" },
	{ "sub.partners", "sec_partners" }, { "sub.schemes", "sec_schemes" },
	{ "sub.holt", "sec_forecast" }, { "sub.rules", "sec_drivers" },
	{ "sub.data_quality", "sec_data_quality" }, { "sub.notes", "ui_notes" },
	{ "sub.methods", "ui_methods" }, { "sub.parameters", "ui_parameters" },
	{ "text.vs_last_week", "ui_vs_previous" }, { "text.revenue_trend", "ui_revenue_trend" }, { "text.generated_by", "ui_generated_by" },
	{ "text.as_of", "ui_as_of" }, { "text.week", "ui_week" }, { "text.none", "ui_none" },
	{ "text.win_rate", "win_rate" }, { "text.avg_won_amount", "avg_won_amount" },
	{ "text.median_cycle_days", "median_cycle_days" }, { "text.open_pipeline", "open_pipeline" },
	{ "text.weighted_pipeline", "weighted_pipeline" }, { "text.velocity", "velocity" },
	{ "text.auc", "auc" }, { "text.accuracy", "accuracy" }, { "text.precision", "precision" },
	{ "text.recall", "recall" }, { "text.concordance", "concordance" },
	{ "text.silhouette", "silhouette" }, { "text.davies_bouldin", "davies_bouldin" },
	{ "text.k", "k" }, { "text.r2", "r2" }, { "text.adj_r2", "adj_r2" }, { "text.rmse", "rmse" },
};

void
briefing_label_codepoints(unsigned char set[8192])
{
	for (size_t i = 0; i < sizeof builtin_labels / sizeof builtin_labels[0]; i++)
		for (int z = 0; z < 2; z++) {
			const char *s = z ? builtin_labels[i].zh : builtin_labels[i].en;
			size_t at = 0, n = strlen(s);
			while (at < n) {
				uint32_t cp = pdfdoc_text_next(s, n, &at);
				if (cp < 65536)
					set[cp >> 3] |= (unsigned char)(1u << (cp & 7));
			}
		}
}

static const char *
flat(const cJSON *labels, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(labels, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static const char *
labels_lookup(const cJSON *labels, const char *key)
{
	const char *dot = strchr(key, '.'), *s;
	const cJSON *v, *g;
	char group[32];
	size_t n;
	if (!labels)
		return NULL;
	if ((s = flat(labels, key)) != NULL)
		return s;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i][0], key) == 0 && (s = flat(labels, aliases[i][1])) != NULL)
			return s;
	/* "#" for ranks and "Segment" for keys read better than i18n's "Rank" and "Key" */
	if ((strncmp(key, "col.", 4) == 0 && strcmp(key, "col.key") != 0 && strcmp(key, "col.rank") != 0) ||
	    strncmp(key, "kpi.", 4) == 0)
		if ((s = flat(labels, key + 4)) != NULL)
			return s;
	if (strncmp(key, "method.", 7) == 0) {
		char m[64];
		snprintf(m, sizeof m, "method_%s", key + 7);
		if ((s = flat(labels, m)) != NULL)
			return s;
	}
	if (!dot || (n = (size_t)(dot - key)) + 2 > sizeof group)
		return NULL;
	memcpy(group, key, n);
	group[n] = '\0';
	g = cJSON_GetObjectItemCaseSensitive(labels, group);
	if (!cJSON_IsObject(g)) {
		group[n] = 's';
		group[n + 1] = '\0';
		g = cJSON_GetObjectItemCaseSensitive(labels, group);
	}
	v = cJSON_GetObjectItemCaseSensitive(g, dot + 1);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *
briefing_label(struct briefing *b, const char *key)
{
	const char *s = labels_lookup(b->labels, key), *name;
	char *h;
	if (s)
		return s;
	for (size_t i = 0; i < sizeof builtin_labels / sizeof builtin_labels[0]; i++)
		if (strcmp(builtin_labels[i].key, key) == 0)
			return b->zh ? builtin_labels[i].zh : builtin_labels[i].en;
	name = strchr(key, '.');
	h = arena_strdup(&b->a, name ? name + 1 : key);
	for (char *p = h; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (*h >= 'a' && *h <= 'z')
		*h = (char)(*h - 'a' + 'A');
	return h;
}
