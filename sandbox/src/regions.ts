/** Regions the sandbox knows, with the names DescribeRegions gives them. */
export const REGION_NAMES: Record<string, string> = {
  'cn-hangzhou': 'China (Hangzhou)',
  'cn-shanghai': 'China (Shanghai)',
  'cn-beijing': 'China (Beijing)',
  'cn-shenzhen': 'China (Shenzhen)',
  'ap-southeast-1': 'Singapore',
  'eu-central-1': 'Germany (Frankfurt)',
  'us-west-1': 'US (Silicon Valley)',
};

export const DEFAULT_REGIONS = ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'];
