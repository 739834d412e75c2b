"""porecare.plan"""
